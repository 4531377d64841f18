"""Report drafts and builds (see issue: synthesis and the draft report)."""
