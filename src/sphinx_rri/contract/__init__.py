"""The authoring contract's judgement, without Sphinx: configuration, schemas, front
matter reading and the checks that turn course records into diagnostics."""
