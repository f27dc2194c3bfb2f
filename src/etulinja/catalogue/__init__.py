"""The regional service catalogue: organisations, services and county help numbers.

Editors write one YAML file per service (``catalogue/services/<county>/<id>.yml``): a
service is reviewed and changed on its own, by the county that runs it, so one file each
keeps reviews, diffs and merge conflicts small, and the file name is the id.
"""
