"""The language server: the checks of ``validate`` as authors type, with quick fixes.

:mod:`.session` holds one project's course model and re-reads only the edited page;
:mod:`.server` is the protocol layer (pygls); :mod:`.features` answers completion,
hover, definitions, references, symbols, folding and code actions from the model.
"""
