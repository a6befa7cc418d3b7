# الكلمات التي يعرضها القالب المدمج في kintsugi على القرّاء، باللغة العربية.
# مترجمة من en.ftl؛ ويمكن لأي موقع أن يستبدل أيًّا منها بملفه الخاص i18n/ar.ftl.

## كل صفحة
# اسم اللغة بها نفسها، في مبدّل اللغات في موقع متعدد اللغات.
language-name = العربية
nav-languages = اللغات
skip-link = الانتقال إلى المحتوى
footer-disclaimer = محتوى تثقيفي، وليس علاجًا نفسيًا ولا استشارة طبية. في حال التعرّض للخطر، يُرجى الاتصال برقم الطوارئ المحلي.
nav-main = القائمة الرئيسية
nav-references = المراجع
tags-label = الوسوم
heading-anchor = رابط إلى هذا القسم

## خطوات البرنامج
progress-label = خطوات البرنامج
# قبل عنوان الخطوة، لقارئات الشاشة («الخطوة 2: الاعتذار»).
step-prefix = الخطوة { $step }:
step-number = الخطوة { $step }
step-of = الخطوة { $step } من { $total }
program-title = نظرة عامة على البرنامج

## داخل الصفحة
toc-title = في هذه الصفحة
page-references = المراجع
reference-index-link = في فهرس المراجع
prev-next-label = السابق والتالي
prev = السابق
next = التالي

## مربعات التنبيه (> [!NOTE] وغيرها)
callout-note = ملاحظة
callout-tip = نصيحة
callout-important = مهم
callout-warning = تحذير
callout-caution = تنبيه

## الأدلة وأوراق العمل
guide-worksheet-link = فتح ورقة العمل الخاصة بهذه الخطوة
worksheet-box-label = ورقة العمل
worksheet-box-title = التدرّب على هذه الخطوة
guide-breadcrumb = الدليل: { $title }
back-to-guide = العودة إلى الدليل: { $title }
read-guide = قراءة الدليل
worksheet-privacy = كل ما يُكتب هنا يبقى في هذا المتصفح على هذا الجهاز، ولا يُرسَل إلى أي مكان أبدًا.
worksheet-print = طباعة
worksheet-erase = مسح إجاباتي
worksheet-erase-question = مسح كل الإجابات في ورقة العمل هذه من هذا الجهاز؟
worksheet-erased = تم مسح إجاباتك.
# تسمية خلية الجدول لقارئات الشاشة: عنوان عمودها ورقم صفّها.
worksheet-cell = { $column }، الصف { $row }
# رابط إلى ملف PDF لورقة عمل؛ و$paper هو A4 أو Letter.
pdf-link = PDF، { $paper }
# تذييل صفحات ملف PDF لورقة العمل.
pdf-page-of = الصفحة { $page } من { $total }
# عنوان ملف PDF الذي يضم كل أوراق العمل، مع عنوان الموقع ومن دونه.
pdf-site-worksheets = { $site }: أوراق العمل
pdf-all-worksheets = أوراق العمل

## فهرس المراجع
references-title = المراجع
references-lede = كل الأعمال التي يستشهد بها هذا الموقع، مع روابط تعود إلى كل موضع استُشهد بها فيه.
references-description = كل الأعمال المستشهد بها في { $site }، مع روابط إلى مواضع الاستشهاد بها.
cited-in = ورد في:
# رابط يعود إلى أحد مواضع الاستشهاد بعملٍ ما في صفحة، وتُميَّز المواضع بالحروف a وb وc…
backref-label = { $title }: الاستشهاد { $letter }

## النسخة المطبوعة
print-link = الدليل كاملًا في صفحة واحدة، للطباعة أو للاحتفاظ به كتابًا بصيغة PDF
print-contents = المحتويات
print-lede = كل صفحات هذا الدليل بترتيب القراءة، مع مراجعها وأوراق العمل، جاهزة للطباعة. ويمكنك أيضًا تنزيله كتابًا:
print-pdf-link = الكتاب بصيغة PDF، { $paper }

## الوسوم
tags-title = الوسوم
tags-lede = كل وسوم هذا الموقع، مع عدد الصفحات التي تحمل كلًّا منها.
tags-description = كل وسوم { $site }، مع صفحاتها.
tag-title = الوسم «{ $tag }»
tag-description = صفحات { $site } التي تحمل الوسم «{ $tag }».
tag-lede =
    { $count ->
        [zero] لا توجد صفحات تحمل هذا الوسم.
        [one] صفحة واحدة تحمل هذا الوسم.
        [two] صفحتان تحملان هذا الوسم.
        [few] { $count } صفحات تحمل هذا الوسم.
        [many] { $count } صفحة تحمل هذا الوسم.
       *[other] { $count } صفحة تحمل هذا الوسم.
    }
tag-count =
    { $count ->
        [zero] لا صفحات
        [one] صفحة واحدة
        [two] صفحتان
        [few] { $count } صفحات
        [many] { $count } صفحة
       *[other] { $count } صفحة
    }
all-tags = كل الوسوم

## الصفحة غير موجودة (404)
not-found-title = الصفحة غير موجودة
not-found-text = عذرًا، لا توجد صفحة على هذا العنوان. ربما نُقلت إلى مكان آخر.
not-found-home = الانتقال إلى الصفحة الرئيسية
not-found-start = أو يمكن البدء بالخطوة الأولى:
