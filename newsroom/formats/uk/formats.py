# Ukrainian: Django's formats but for the public site's own (public.formats.FORMATS), which
# name the month in the genitive as Ukrainian writes a date ("5 січня", not "Січ 5").
STORY_DATETIME_FORMAT = "j E Y, H:i"
FEED_DAY_FORMAT = "j E"
FEED_DAY_YEAR_FORMAT = "j E Y"
