"""The words a roadmap uses to say "take these in order": one pattern for a table's lead-in
(ingest.tables: its rows are the order), a list's lead-in (rag.ordered_lists: its items are steps)
and a sentence a plan quotes as the roadmap's own word on order (rag.plan.guidance), so a phrase
that orders a table orders a list and is quoted alike.

It lives in rag, beside rag.estimates, because ingest already reads rag's leaf modules and rag
must never import ingest. It imports nothing of the project.
"""

from __future__ import annotations

import re

ORDER_CUE = re.compile(
    # "in this order", "in the order below", "in order of difficulty"; not "in order to pass"
    r"\b(?:in\s+(?:this|that|the\s+(?:following|given|listed|same))\s+order|in\s+(?:the\s+|this\s+)?order\b"
    r"(?!\s+(?:to|for)\b)|(?:the\s+)?order\s+(?:we|they|shown|below|listed|given)|ordered\s+(?:by|from)|"
    r"(?:are|is)\s+meant\s+to\s+be\s+taken|(?:followed|taken)\s+in\s+order|"
    # "from top to bottom", "from easiest to hardest", "increasing difficulty"
    r"from\s+top\s+to\s+bottom|from\s+(?:the\s+)?(?:easiest|simplest|easy|simple)\w*\s+to\s+"
    r"(?:the\s+)?\w+|(?:gradual|increasing|growing|rising)\s+(?:difficulty|complexity)|"
    # "one after the other", "in sequence", "each module builds on", "assumes the ones before"
    r"one\s+(?:at\s+a\s+time|after\s+(?:the\s+)?other|after\s+another)|in\s+sequence|sequential(?:ly)?|"
    r"each\s+(?:one\s+|lesson\s+|module\s+|week\s+|topic\s+)?(?:assumes|builds?\s+on)|"
    r"builds?\s+on\s+the\s+(?:one|ones|topics?|modules?)\s+before|assumes?\s+the\s+ones?\s+before|"
    # "work through these", "follow these steps", "take the next subject in the list"
    r"(?:work|go|move)\s+through\s+(?:these|them|the\s+list)|follow(?:ing)?\s+(?:these|those|the)\s+steps|"
    r"take\s+(?:the|them)\b.{0,20}\bnext|next\s+(?:subject|topic|module|lesson|step|section|one)\s+(?:in|on|from)\s+"
    r"the\s+list)\b", re.I)

