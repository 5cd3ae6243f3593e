from django.dispatch import Signal

# Sent with `story_id` when a story may no longer be analysed (consent withdrawn or story
# deleted). The knowledge app removes it from the analysis; stories need not know how.
story_left_analysis = Signal()
