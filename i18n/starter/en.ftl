# The starter site `kintsugi new DIR --language en` writes, in English. Every other file
# in this folder translates these keys. Keep Markdown links and citations as they are:
# the text in [brackets] is translated, the target in (parentheses) and `[@doe2020]` are not.

site-title = My guide
site-description = A step-by-step guide.
home-welcome = Welcome. Start with [the first step](steps/first-step.md).

steps-title = Steps
steps-description = The steps of the program, in order.
steps-body = Work through the steps in order, at your own pace.

step-title = The first step
step-description = Where the program begins.
step-heading = What this step is about
step-body = Write your guide here. Cite your sources like this [@doe2020].
step-next = When you are ready, fill in [the worksheet](../worksheets/first-step.md).

worksheets-title = Worksheets
worksheets-description = Printable worksheets, one per step.
worksheets-body = Fill them in on screen or print them. Answers stay on your device.

sheet-title = Worksheet: The first step
sheet-description = Questions to go with the first step.
sheet-name = Name
sheet-date = Date
sheet-prompt = What do you hope to change?
sheet-scale = How ready do you feel?
sheet-scale-low = Not at all
sheet-scale-high = Completely
sheet-check = I read the guide for this step

book-title = A book worth citing
