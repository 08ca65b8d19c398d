"""One small beat, written as the officer's journal text, shared by the view tests.

Week 45 (2 to 8 November 2026) and week 46 (9 to 15 November), in UTC (the tests' zone):
Maria Lopez is met three times (Elm Park twice, the shop once), Tom Reed twice at the shop,
Ana Diaz once in week 46. One concern is raised in an interaction at Elm Park, resolved in
week 46 and not yet reported back; another is raised at the shop and still open, due 10 Nov.
One interaction is corrected (its place and people).
"""

BEAT = """
[[record]]
type = "interaction"
id = "a000000001"
when = 2026-11-02T10:00:00+00:00
kind = "chat"
text = "Chat by the swings"
people = ["Maria Lopez"]
place = "Elm Park"
tips = ["Van with no plates by the gate"]

[[record]]
type = "concern"
id = "c000000001"
action = "raise"
when = 2026-11-02T10:00:00+00:00
text = "Streetlights out by the gate"
raised_by = ["Maria Lopez"]
place = "Elm Park"
interaction = "a000000001"

[[record]]
type = "person"
id = "p000000001"
when = 2026-11-02T10:05:00+00:00
name = "Maria Lopez"
role = "resident"

[[record]]
type = "interaction"
id = "a000000002"
when = 2026-11-04T15:30:00+00:00
kind = "patrol"
text = "Walked the park, asked about the lights"
people = ["maria  lopez"]
place = "elm park"
shared = ["Lock bikes to the new stands"]

[[record]]
type = "interaction"
id = "a000000003"
when = 2026-11-05T09:00:00+00:00
kind = "business"
text = "Visit to the shop"
people = ["Tom Reed"]
place = "Mill Lane Shop"

[[record]]
type = "concern"
id = "c000000002"
action = "raise"
when = 2026-11-05T09:00:00+00:00
text = "Speeding at school time"
raised_by = ["Tom Reed"]
place = "Mill Lane Shop"
priority = "high"
due = 2026-11-10T09:00:00+00:00

[[record]]
type = "interaction"
id = "a000000004"
when = 2026-11-10T11:00:00+00:00
text = "Bumped into her at the shop"
people = ["Maria Lopez", "Tom Reed"]
place = "Library"

[[record]]
type = "amendment"
id = "m000000001"
amends = "a000000004"
place = "Mill Lane Shop"

[[record]]
type = "concern"
id = "c000000003"
action = "resolve"
concern = "c000000001"
when = 2026-11-11T08:00:00+00:00
note = "Lamps replaced"

[[record]]
type = "interaction"
id = "a000000005"
when = 2026-11-12T14:00:00+00:00
kind = "event"
text = "Coffee morning at the library"
people = ["Ana Diaz"]
place = "Library"
"""
