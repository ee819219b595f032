// A minimal client for `sphinx-rri lsp`: it starts the server over stdio for Markdown
// and reStructuredText files and tells it when conf.py or a page changes on disk.
// Everything else (diagnostics, completion, hover, quick fixes) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("sphinxRri")
    .get("command", ["sphinx-rri", "lsp"]);
  const server = { command, args };
  client = new LanguageClient(
    "sphinxRri",
    "sphinx-rri",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" },
        { scheme: "file", language: "restructuredtext" },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{conf.py,*.md,*.rst}"),
      },
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
