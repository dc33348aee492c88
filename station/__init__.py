"""The review station (``spcncl review OUT --serve``): a local web app on a round's output folder.

Every value beside the page it came from, corrected in one place. It sits beside ``flows`` above
``pipeline`` (it decides nothing itself: entries go through ``pipeline.review``) and below the CLI.
"""
