"""The cadres app's pages: a person's (`person`), a committee's cadre desk (`desk`), transfers
and campaigns (`transfers`)."""
