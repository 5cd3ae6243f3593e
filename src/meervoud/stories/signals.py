from django.dispatch import Signal

# Sent with `story_id` when a story may no longer be analysed (consent withdrawn or story
# deleted). The knowledge app removes it from the analysis; stories need not know how.
story_left_analysis = Signal()

# Sent with `story_id` when its narrator no longer lets anyone quote it: the knowledge app takes
# her words out of what peer experts wrote (quotes Meervoud shows itself follow the consent).
story_quotes_withdrawn = Signal()

# Sent with `story_id` when a story's words were corrected (its text, or what helped or
# hindered): the knowledge app takes the sentences that are no longer in it out of the analysis
# (and out of what peer experts quoted) at once, and has the new words analysed.
story_text_changed = Signal()

# Sent with `story_id` when its narrator no longer lets her story be used for research: the
# knowledge app deletes what researchers coded in it (peer experts' coding is analysis).
story_research_withdrawn = Signal()
