from django.dispatch import Signal

# Sent with `story_id` when a story may no longer be analysed (consent withdrawn or story
# deleted). The knowledge app removes it from the analysis; stories need not know how.
story_left_analysis = Signal()

# Sent with `story_id` when its narrator no longer lets anyone quote it: the knowledge app takes
# her words out of what peer experts wrote (quotes Meervoud shows itself follow the consent).
story_quotes_withdrawn = Signal()
