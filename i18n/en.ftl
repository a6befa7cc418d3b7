# The words kintsugi's built-in theme shows readers, in English. Every other catalog in
# this folder translates these keys; a site can override any of them, or add a language,
# with its own i18n/<language>.ftl (Fluent syntax: https://projectfluent.org/).

## Every page
# The name of the language in itself, in the language switcher of a multilingual site.
language-name = English
nav-languages = Languages
skip-link = Skip to content
footer-disclaimer = Educational content, not therapy or medical advice. If you are in danger, call your local emergency number.
nav-main = Main
nav-references = References
tags-label = Tags
heading-anchor = Link to this section

## Steps of the program
progress-label = Program steps
# Before a step's title, for screen readers ("Step 2: Say sorry").
step-prefix = Step { $step }:
step-number = Step { $step }
step-of = Step { $step } of { $total }
program-title = The program at a glance

## Within a page
toc-title = On this page
page-references = References
reference-index-link = In the reference index
prev-next-label = Previous and next
prev = Previous
next = Next

## Callouts (> [!NOTE] and the others)
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

## Guides and worksheets
guide-worksheet-link = Open the worksheet for this step
worksheet-box-label = Worksheet
worksheet-box-title = Practise this step
guide-breadcrumb = Guide: { $title }
back-to-guide = Back to the guide: { $title }
read-guide = Read the guide
worksheet-privacy = Anything you type here stays in this browser on this device; it is never sent anywhere.
worksheet-print = Print
worksheet-erase = Erase my answers
worksheet-erase-question = Erase every answer on this worksheet from this device?
worksheet-erased = Your answers were erased.
# A table cell's label for screen readers: its column's heading and its row.
worksheet-cell = { $column }, row { $row }
# A link to a worksheet's PDF file; $paper is A4 or Letter.
pdf-link = PDF, { $paper }
# The footer of a worksheet PDF's pages.
pdf-page-of = Page { $page } of { $total }
# The title of the PDF of all worksheets, with and without the site's title.
pdf-site-worksheets = { $site }: worksheets
pdf-all-worksheets = Worksheets

## The reference index
references-title = References
references-lede = Every work this site cites, with links back to each place that cites it.
references-description = Every work cited on { $site }, with links to where it is cited.
cited-in = Cited in:
# A link back to one citation of a work on a page, lettered a, b, c…
backref-label = { $title }: citation { $letter }

## The print edition (/print/ and its book PDFs)
# The link to /print/ in every page's footer and on the home page.
print-link = The whole guide on one page, to print or to keep as a PDF book
# The title of the list of chapters, on /print/ and in the book PDF.
print-contents = Contents
print-lede = Every page of this guide in reading order, with its references and worksheets, ready to print. You can also download it as a book:
# A link to the book PDF; $paper is A4 or Letter.
print-pdf-link = Book PDF, { $paper }

## Tags
tags-title = Tags
tags-lede = Every tag of this site, with how many pages carry it.
tags-description = Every tag of { $site }, with its pages.
tag-title = Tagged “{ $tag }”
tag-description = The pages of { $site } tagged “{ $tag }”.
tag-lede =
    { $count ->
        [one] One page carries this tag.
       *[other] { $count } pages carry this tag.
    }
tag-count =
    { $count ->
        [one] { $count } page
       *[other] { $count } pages
    }
all-tags = All tags

## Page not found (404)
not-found-title = Page not found
not-found-text = Sorry, there is no page at this address. It may have moved.
not-found-home = Go to the home page
not-found-start = Or begin with the first step:
