"""PETRARCH-2 compatibility: its dictionaries and its algorithm on Penn Treebank parses."""

from .dictionaries import TreeDictionaries, load_tree_dictionaries, validation_dictionaries
from .tree import TreeEvent, code_tree

__all__ = [
    "TreeDictionaries",
    "TreeEvent",
    "code_tree",
    "load_tree_dictionaries",
    "validation_dictionaries",
]
