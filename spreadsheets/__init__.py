"""Spreadsheets in and out, shared by every app: the ground floor under partners,
actionplan and performance, which imports none of them.

- ``columns``: reading and writing cells (text, numbers, whole numbers, yes/no, choices),
  with formulae escaped on the way out;
- ``resources``: ``SpreadsheetResource``, the base every app's resources build on (natural
  keys, the user's scope, checks, history), and ``NaturalKeyLoader``;
- ``files``: reading a CSV or XLSX upload within the limits (``FileRefused``), which a
  resource may set for its own files (``Limits``);
- ``imports``: ``spreadsheet_import``, the preview and the all-or-nothing import, with its
  ``ImportReport`` and ``Problem``s;
- ``exports``: ``spreadsheet_export``, CSV or XLSX bytes;
- ``admin``: ``SpreadsheetAdminMixin``, the Export and Import buttons each app's admin mixes
  in, and ``pending``, the previewed file waiting for its confirmation;
- ``access``: who may import and export, asked of the policy the settings name.

Each app declares its own resources (``<app>/resources.py``) and registers its own admin.
"""
