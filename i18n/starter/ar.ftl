# موقع البداية الذي يكتبه الأمر `kintsugi new DIR --language ar`، باللغة العربية. مترجم
# من en.ftl. تبقى روابط Markdown والاستشهادات كما هي: يُترجَم النص بين [القوسين المعقوفين]،
# أما الهدف بين (القوسين) و`[@doe2020]` فلا يُترجَمان.

site-title = دليلي
site-description = دليل خطوة بخطوة.
home-welcome = أهلًا وسهلًا. يمكن البدء من [الخطوة الأولى](steps/first-step.md).

steps-title = الخطوات
steps-description = خطوات البرنامج بالترتيب.
steps-body = يمكن العمل على الخطوات بالترتيب، وبالوتيرة التي تناسبك.

step-title = الخطوة الأولى
step-description = نقطة انطلاق البرنامج.
step-heading = ما تتناوله هذه الخطوة
step-body = يُكتب الدليل هنا. ويُستشهَد بالمصادر على هذا النحو [@doe2020].
step-next = عند الاستعداد، يمكن ملء [ورقة العمل](../worksheets/first-step.md).

worksheets-title = أوراق العمل
worksheets-description = أوراق عمل قابلة للطباعة، ورقة لكل خطوة.
worksheets-body = يمكن ملؤها على الشاشة أو طباعتها. وتبقى الإجابات على جهازك.

sheet-title = ورقة العمل: الخطوة الأولى
sheet-description = أسئلة ترافق الخطوة الأولى.
sheet-name = الاسم
sheet-date = التاريخ
sheet-prompt = ما التغيير المأمول؟
sheet-scale = ما مدى استعدادك؟
sheet-scale-low = لا على الإطلاق
sheet-scale-high = تمامًا
sheet-check = قرأتُ دليل هذه الخطوة

book-title = كتاب جدير بالاستشهاد به
