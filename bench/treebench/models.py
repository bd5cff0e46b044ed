"""The same organisation node stored three ways; only the tree columns differ.

MPNode copies orgburo's Organisation (steplen 5, base-36 alphabet) so the figures for
materialised path are the figures for the real table's shape.
"""

from __future__ import annotations

from django.db import models
from tree_queries.models import TreeNode
from treebeard.mp_tree import MP_Node
from treebeard.ns_tree import NS_Node


class MPNode(MP_Node):
    steplen = 5
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=32)


class NSNode(NS_Node):
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=32)


class TQNode(TreeNode):
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=32)
