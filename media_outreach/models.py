# The media_outreach app's models arrive with their issue; the app exists so the layout is fixed.
