<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Zid Desk</source>
        <translation>حول زد ديسك</translation>
    </message>
    <message>
        <source>Zid Desk %1</source>
        <translation>زد ديسك %1</translation>
    </message>
    <message>
        <source>Stock and orders of your Zid store on the desktop, in Arabic and English, online and offline.</source>
        <translation>مخزون متجرك على زد وطلباته على سطح المكتب، بالعربية والإنجليزية، متصلًا وغير متصل.</translation>
    </message>
    <message>
        <source>Licence: MIT.</source>
        <translation>الترخيص: MIT.</translation>
    </message>
    <message>
        <source>Fonts: Noto Sans and Noto Sans Arabic, © Google, under the SIL Open Font License 1.1:</source>
        <translation>الخطوط: Noto Sans وNoto Sans Arabic، © Google، بموجب رخصة SIL Open Font License 1.1:</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Sign in to a store first</source>
        <translation>سجّل الدخول إلى متجر أولًا</translation>
    </message>
    <message>
        <source>Sync finished</source>
        <translation>اكتملت المزامنة</translation>
    </message>
    <message>
        <source>Syncing with Zid</source>
        <translation>جارٍ المزامنة مع زد</translation>
    </message>
    <message>
        <source>Push finished; %1 changes conflict with newer values on Zid: open Pending changes to choose</source>
        <translation>اكتمل الإرسال؛ عدد التعديلات المتعارضة مع قيم أحدث في زد: %1. افتح «التعديلات المعلّقة» لتختار</translation>
    </message>
    <message>
        <source>Another Zid Desk window or command is sending this store&apos;s edits: try again when it has finished</source>
        <translation>نافذة أخرى من زد ديسك أو أمر آخر يرسل تعديلات هذا المتجر الآن: أعد المحاولة بعد انتهائه</translation>
    </message>
    <message>
        <source>Push finished</source>
        <translation>اكتمل الإرسال</translation>
    </message>
    <message>
        <source>Pushing edits to Zid</source>
        <translation>جارٍ إرسال التعديلات إلى زد</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>أُلغي: %1</translation>
    </message>
    <message>
        <source>Signed out: sign in again. Your cached data and queued edits are kept.</source>
        <translation>انتهت الجلسة: سجّل الدخول مجددًا. بياناتك المحفوظة وتعديلاتك المنتظرة باقية كما هي.</translation>
    </message>
    <message>
        <source>Zid is rate limiting: resuming in %1 s</source>
        <translation>زد يحدّ من عدد الطلبات: الاستئناف بعد %1 ث</translation>
    </message>
    <message>
        <source>Offline: your %1 edits are queued</source>
        <translation>غير متصل: تعديلاتك محفوظة في قائمة الانتظار (%1)</translation>
    </message>
    <message>
        <source>Offline: Zid cannot be reached. You can keep browsing the cache.</source>
        <translation>غير متصل: تعذّر الوصول إلى زد. يمكنك مواصلة تصفّح البيانات المحفوظة.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>غير معروفة</translation>
    </message>
    <message>
        <source>The Zid app lacks the permission “%1”: ask the store owner to grant it, then sign in again</source>
        <translation>تطبيق زد يفتقد الصلاحية «%1»: اطلب من مالك المتجر منحها، ثم سجّل الدخول مجددًا</translation>
    </message>
    <message>
        <source>Zid refused a batch as too large: lower the batch size in Settings</source>
        <translation>رفض زد دفعة لأنها كبيرة جدًا: قلّل حجم الدفعة من الإعدادات</translation>
    </message>
    <message>
        <source>Zid refused the change:</source>
        <translation>رفض زد التعديل:</translation>
    </message>
    <message>
        <source>Zid refused the sign-in (%1): sign in again</source>
        <translation>رفض زد تسجيل الدخول (%1): سجّل الدخول مجددًا</translation>
    </message>
    <message>
        <source>Zid has a problem right now: try again in a few minutes</source>
        <translation>يواجه زد مشكلة حاليًا: أعد المحاولة بعد بضع دقائق</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>خطأ غير متوقع: %1</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Zid Desk: unexpected error</source>
        <translation>زد ديسك: خطأ غير متوقع</translation>
    </message>
    <message>
        <source>Something went wrong inside Zid Desk. Your cached data and queued edits are safe. Please send the log file to support:</source>
        <translation>حدث خلل داخل زد ديسك. بياناتك المحفوظة وتعديلاتك المنتظرة في أمان. يُرجى إرسال ملف السجل إلى الدعم الفني:</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>When</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>السابقة</translation>
    </message>
    <message>
        <source>New</source>
        <translation>الجديدة</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>النتيجة</translation>
    </message>
    <message>
        <source>All results</source>
        <translation>كل النتائج</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>كل المصادر</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>طُبِّق</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>سطر الأوامر</translation>
    </message>
    <message>
        <source>Edit in the app</source>
        <translation>تعديل في التطبيق</translation>
    </message>
    <message>
        <source>Edits in the app</source>
        <translation>التعديلات في التطبيق</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>فشل: %1</translation>
    </message>
    <message>
        <source>File %1</source>
        <translation>الملف %1</translation>
    </message>
    <message>
        <source>File imports</source>
        <translation>استيراد الملفات</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Nothing left to reverse there.</source>
        <translation>لم يبقَ هنا ما يمكن التراجع عنه.</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>القديمة ← الجديدة</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <source>Queue changes that put the old values back (the history is kept)</source>
        <translation>إضافة تغييرات إلى قائمة الانتظار تعيد القيم السابقة (يبقى السجل محفوظًا)</translation>
    </message>
    <message>
        <source>Queue changes that undo the whole import the selected entry belongs to</source>
        <translation>إضافة تغييرات إلى قائمة الانتظار تتراجع عن عملية الاستيراد كاملةً التي ينتمي إليها القيد المحدد</translation>
    </message>
    <message>
        <source>Queued %1 changes that undo it: push to send them.</source>
        <translation>أُضيف إلى قائمة الانتظار %1 من التغييرات للتراجع: اضغط «إرسال» لإرسالها.</translation>
    </message>
    <message>
        <source>Reversal of entry %1</source>
        <translation>تراجع عن القيد %1</translation>
    </message>
    <message>
        <source>Reversals</source>
        <translation>التراجعات</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <source>Reverse batch</source>
        <translation>تراجع عن الدفعة</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>تم التراجع</translation>
    </message>
    <message>
        <source>Reversed (change %1)</source>
        <translation>تم التراجع (التغيير %1)</translation>
    </message>
    <message>
        <source>Search SKU or name</source>
        <translation>ابحث برمز المنتج أو الاسم</translation>
    </message>
    <message>
        <source>Reversal of batch %1</source>
        <translation>تراجع عن الدفعة %1</translation>
    </message>
</context>
<context>
    <name>LocationsView</name>
    <message>
        <source>Yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <source>No</source>
        <translation>لا</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>City</source>
        <translation>المدينة</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>افتراضي</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>خاص</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>مفعّل</translation>
    </message>
    <message>
        <source>Products in stock</source>
        <translation>منتجات متوفرة</translation>
    </message>
    <message>
        <source>Total units</source>
        <translation>إجمالي الوحدات</translation>
    </message>
    <message>
        <source>New location…</source>
        <translation>موقع جديد…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>تعديل…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Export stock…</source>
        <translation>تصدير المخزون…</translation>
    </message>
    <message>
        <source>Save the stock as an Excel or CSV file (a count sheet that imports back)</source>
        <translation>احفظ المخزون في ملف Excel أو CSV (ورقة جرد يمكن استيرادها مجددًا)</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>مزامنة</translation>
    </message>
    <message>
        <source>Fetch the latest stock and orders from Zid (F5)</source>
        <translation>جلب أحدث المخزون والطلبات من زد (F5)</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <source>Send your pending edits to Zid (Ctrl+P)</source>
        <translation>إرسال تعديلاتك المعلّقة إلى زد (Ctrl+P)</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>استيراد CSV…</translation>
    </message>
    <message>
        <source>Load stock counts from a CSV or Excel file</source>
        <translation>تحميل كميات المخزون من ملف CSV أو Excel</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Search products by name, SKU or barcode (Ctrl+F)</source>
        <translation>البحث عن المنتجات بالاسم أو رمز SKU أو الباركود (Ctrl+F)</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>إلغاء المهمة الجارية</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>تسجيل الدخول…</translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation>تسجيل الخروج…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>الإعدادات…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>About Zid Desk</source>
        <translation>حول زد ديسك</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;مساعدة</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <source>Scan or type a barcode, then Enter</source>
        <translation>امسح الباركود أو اكتبه ثم اضغط Enter</translation>
    </message>
    <message>
        <source>Barcode scanner input: jumps to the product</source>
        <translation>إدخال ماسح الباركود: ينتقل إلى المنتج</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>المخزون</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>المواقع</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>الطلبات</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>التعديلات المعلّقة</translation>
    </message>
    <message>
        <source>History</source>
        <translation>السجل</translation>
    </message>
    <message>
        <source>Zid Desk</source>
        <translation>زد ديسك</translation>
    </message>
    <message>
        <source>Zid Desk (Demo)</source>
        <translation>زد ديسك (تجريبي)</translation>
    </message>
    <message>
        <source>No product with the code %1 in the cache</source>
        <translation>لا يوجد منتج بالرمز %1 في البيانات المحفوظة</translation>
    </message>
    <message>
        <source>That product is not in the cache: sync first</source>
        <translation>هذا المنتج غير موجود في البيانات المحفوظة: زامِن أولًا</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>تسجيل الدخول…</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Search order number or customer</source>
        <translation>ابحث برقم الطلب أو اسم العميل</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>الطلب</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>الدفع</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>العميل</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <source>All payments</source>
        <translation>كل حالات الدفع</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>الفترة</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>عدد المنتجات</translation>
    </message>
</context>
<context>
    <name>PendingView</name>
    <message>
        <source>Search SKU or name</source>
        <translation>ابحث برمز المنتج أو الاسم</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>التغيير</translation>
    </message>
    <message>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>%1 changes had already been sent and were kept</source>
        <translation>%1 من التغييرات كانت قد أُرسلت فأُبقي عليها</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>كل التغييرات</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>طُبِّق</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>تعارض</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>التعارضات</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <source>Discard %1 changes? They will not be sent to Zid.</source>
        <translation>تجاهل %1 من التغييرات؟ لن تُرسل إلى زد.</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>تجاهل التغييرات</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>تم تجاهله</translation>
    </message>
    <message>
        <source>Discarded by you</source>
        <translation>تجاهلتَه أنت</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>تجاهل…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>الإبقاء عليها</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>القيمة المحمّلة</translation>
    </message>
    <message>
        <source>Not yet on Zid</source>
        <translation>لم تصل إلى زد بعد</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <source>Queued again: %1 changes. Push to send them.</source>
        <translation>أُعيد %1 من التغييرات إلى قائمة الانتظار. اضغط «إرسال» لإرسالها.</translation>
    </message>
    <message>
        <source>Replaced by change %1</source>
        <translation>استُبدل بالتغيير %1</translation>
    </message>
    <message>
        <source>Resolved: kept Zid&apos;s value</source>
        <translation>حُلّ التعارض: أُبقيت قيمة زد</translation>
    </message>
    <message>
        <source>Resolved: your value queued again as %1</source>
        <translation>حُلّ التعارض: أُعيدت قيمتك إلى الانتظار بالتغيير %1</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>حل…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>جارٍ الإرسال</translation>
    </message>
    <message>
        <source>Set to %1</source>
        <translation>تعيين إلى %1</translation>
    </message>
    <message>
        <source>When</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <source>Would make the stock negative (%1)</source>
        <translation>سيجعل المخزون سالبًا (%1)</translation>
    </message>
    <message>
        <source>Zid&apos;s value changed since this count was typed</source>
        <translation>تغيّرت قيمة زد منذ إدخال هذا العدد</translation>
    </message>
    <message>
        <source>Zid&apos;s value changed while this was being sent (Zid has %1, it had %2, this change makes it %3): it may have landed. Resolve to choose.</source>
        <translation>تغيّرت قيمة زد أثناء إرسال هذا التغيير (لدى زد الآن %1، وكان لديه %2، وهذا التغيير يجعلها %3): ربما وصل التغيير. اختر «حل» لتقرّر.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>General</source>
        <translation>عام</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>Low stock at or below</source>
        <translation>المخزون منخفض عند هذا الحد أو أقل</translation>
    </message>
    <message>
        <source>Connection to Zid</source>
        <translation>الاتصال بزد</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>عنوان واجهة البرمجة (API)</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>عنوان تسجيل الدخول</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>معرّف العميل (Client ID)</translation>
    </message>
    <message>
        <source>Callback URL</source>
        <translation>رابط العودة (Callback URL)</translation>
    </message>
    <message>
        <source>Callback port</source>
        <translation>منفذ العودة</translation>
    </message>
    <message>
        <source>The callback URL must be exactly the one registered for the app in the Zid Partner Dashboard: either %1 or a hosted relay page that forwards to that port.</source>
        <translation>يجب أن يطابق رابط العودة تمامًا الرابط المسجّل للتطبيق في لوحة شركاء زد: إما %1 أو صفحة وسيطة مستضافة تُحيل إلى ذلك المنفذ.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Zid</source>
        <translation>تسجيل الدخول إلى زد</translation>
    </message>
    <message>
        <source>Enter the credentials of your Zid app (Zid Partner Dashboard), then sign in in your browser. The callback URL must match the one registered for the app exactly.</source>
        <translation>أدخل بيانات اعتماد تطبيقك على زد (من لوحة شركاء زد)، ثم سجّل الدخول من متصفحك. يجب أن يطابق رابط العودة الرابط المسجّل للتطبيق تمامًا.</translation>
    </message>
    <message>
        <source>Kept in the system keyring</source>
        <translation>يُحفظ في خزنة كلمات المرور في النظام</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>معرّف العميل (Client ID)</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>الرمز السري للعميل (Client secret)</translation>
    </message>
    <message>
        <source>Callback URL</source>
        <translation>رابط العودة (Callback URL)</translation>
    </message>
    <message>
        <source>Callback port</source>
        <translation>منفذ العودة</translation>
    </message>
    <message>
        <source>If no browser opens, copy this address into a browser:</source>
        <translation>إن لم يُفتح المتصفح، انسخ هذا العنوان والصقه في متصفح:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <source>Open browser</source>
        <translation>فتح المتصفح</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>تسجيل الدخول</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Waiting for you to approve access in the browser…</source>
        <translation>بانتظار موافقتك على الوصول في المتصفح…</translation>
    </message>
    <message>
        <source>Address copied: paste it into your browser.</source>
        <translation>نُسخ العنوان: الصقه في متصفحك.</translation>
    </message>
    <message>
        <source>No browser could be opened here: copy the address into a browser.</source>
        <translation>تعذّر فتح متصفح هنا: انسخ العنوان والصقه في متصفح.</translation>
    </message>
    <message>
        <source>Starting the sign-in…</source>
        <translation>جارٍ بدء تسجيل الدخول…</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>جارٍ تسجيل الدخول</translation>
    </message>
    <message>
        <source>No secure storage (keyring) is available: you stay signed in only until Zid Desk closes.</source>
        <translation>لا تتوفر خزنة آمنة لكلمات المرور: ستبقى مسجّل الدخول حتى إغلاق زد ديسك فقط.</translation>
    </message>
    <message>
        <source>The callback port %1 is in use by another program: close it, or choose another port (and register the matching callback URL with Zid).</source>
        <translation>منفذ العودة %1 يستخدمه برنامج آخر: أغلق ذلك البرنامج، أو اختر منفذًا آخر (وسجّل رابط العودة المطابق لدى زد).</translation>
    </message>
    <message>
        <source>Nobody approved the sign-in within 5 minutes: try again.</source>
        <translation>لم تتم الموافقة على تسجيل الدخول خلال 5 دقائق: أعد المحاولة.</translation>
    </message>
    <message>
        <source>Access was not approved in the browser: sign in again and approve.</source>
        <translation>لم تتم الموافقة على الوصول في المتصفح: سجّل الدخول مجددًا ووافق.</translation>
    </message>
    <message>
        <source>The browser answered for another sign-in attempt (wrong state): try again.</source>
        <translation>ردّ المتصفح على محاولة تسجيل دخول أخرى (قيمة state غير مطابقة): أعد المحاولة.</translation>
    </message>
    <message>
        <source>The browser came back without a sign-in code: try again.</source>
        <translation>عاد المتصفح دون رمز تسجيل الدخول: أعد المحاولة.</translation>
    </message>
    <message>
        <source>Fill in the client ID, client secret and a callback URL with a port, as registered in the Zid Partner Dashboard.</source>
        <translation>أدخل معرّف العميل والرمز السري ورابط عودة يتضمن منفذًا، كما هي مسجّلة في لوحة شركاء زد.</translation>
    </message>
</context>
<context>
    <name>SignOutQuestion</name>
    <message>
        <source>Sign out</source>
        <translation>تسجيل الخروج</translation>
    </message>
    <message>
        <source>Sign out of this store?</source>
        <translation>هل تريد تسجيل الخروج من هذا المتجر؟</translation>
    </message>
    <message>
        <source>Keep the cached data to browse offline and to keep your queued edits for the next sign-in. Deleting it removes the local copy of this store.</source>
        <translation>احتفظ بالبيانات المحفوظة لتتصفحها دون اتصال ولتبقى تعديلاتك المنتظرة لتسجيل الدخول القادم. حذفها يزيل النسخة المحلية من هذا المتجر.</translation>
    </message>
    <message>
        <source>%1 edits are not pushed yet.</source>
        <translation>تعديلات لم تُرسل بعد: %1.</translation>
    </message>
    <message>
        <source>Sign out, keep data</source>
        <translation>تسجيل الخروج مع الاحتفاظ بالبيانات</translation>
    </message>
    <message>
        <source>Sign out, delete data</source>
        <translation>تسجيل الخروج وحذف البيانات</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>تم تسجيل الخروج</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>متصل</translation>
    </message>
    <message>
        <source>Offline: showing cached data</source>
        <translation>غير متصل: تُعرض البيانات المحفوظة</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>غير مسجّل الدخول</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>المتجر: %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>آخر مزامنة: %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>لم تتم المزامنة بعد</translation>
    </message>
    <message>
        <source>Pending edits: %1</source>
        <translation>تعديلات معلّقة: %1</translation>
    </message>
    <message>
        <source>Conflicts: %1</source>
        <translation>تعارضات: %1</translation>
    </message>
    <message>
        <source>Push of %1 edits: under a minute</source>
        <translation>إرسال %1 من التعديلات: أقل من دقيقة</translation>
    </message>
    <message>
        <source>Push of %1 edits: about %2 min</source>
        <translation>إرسال %1 من التعديلات: نحو %2 دقيقة</translation>
    </message>
    <message>
        <source>Cancelling: %1</source>
        <translation>جارٍ الإلغاء: %1</translation>
    </message>
    <message>
        <source>(about %1 s left)</source>
        <translation>(يتبقى نحو %1 ث)</translation>
    </message>
    <message>
        <source>Show the conflicts in Pending changes</source>
        <translation>عرض التعارضات في «التعديلات المعلّقة»</translation>
    </message>
</context>
<context>
    <name>StockView</name>
    <message>
        <source>Show only the products stocked at a location</source>
        <translation>اعرض المنتجات المخزّنة في موقع واحد فقط</translation>
    </message>
    <message>
        <source>Low stock (%1 or less)</source>
        <translation>مخزون منخفض (%1 أو أقل)</translation>
    </message>
    <message>
        <source>The threshold is in Settings</source>
        <translation>يُضبط هذا الحد من الإعدادات</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>نفد من المخزون</translation>
    </message>
    <message>
        <source>Edited, not yet pushed</source>
        <translation>معدّلة ولم تُرسل بعد</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>التعارضات</translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>كل المواقع</translation>
    </message>
    <message>
        <source>Receive / remove goods…</source>
        <translation>استلام / إخراج بضاعة…</translation>
    </message>
    <message>
        <source>Add received goods to, or take goods out of, the selected product (Ctrl+R)</source>
        <translation>أضف بضاعة مستلمة إلى المنتج المحدد أو أخرج منه بضاعة (Ctrl+R)</translation>
    </message>
    <message>
        <source>Set the count</source>
        <translation>اضبط الكمية</translation>
    </message>
    <message>
        <source>Resolve the conflict…</source>
        <translation>حلّ التعارض…</translation>
    </message>
    <message>
        <source>Select a product in the Stock list first</source>
        <translation>حدّد منتجًا في قائمة المخزون أولًا</translation>
    </message>
    <message>
        <source>Search name, SKU or barcode</source>
        <translation>ابحث بالاسم أو رمز المنتج أو الباركود</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>الباركود</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>الإجمالي</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Keep Zid&apos;s value</source>
        <translation>الإبقاء على قيمة زد</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>الإبقاء على قيمتي</translation>
    </message>
    <message>
        <source>Kept Zid&apos;s value; your count was dropped.</source>
        <translation>أُبقيت قيمة زد وأُلغي العدد الذي أدخلته.</translation>
    </message>
    <message>
        <source>Loaded when you typed:</source>
        <translation>القيمة المحمّلة حين أدخلتَ العدد:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>الموقع:</translation>
    </message>
    <message>
        <source>Product:</source>
        <translation>المنتج:</translation>
    </message>
    <message>
        <source>Resolve a conflict</source>
        <translation>حل تعارض</translation>
    </message>
    <message>
        <source>This change is no longer a conflict.</source>
        <translation>لم يعد هذا التغيير متعارضًا.</translation>
    </message>
    <message>
        <source>This change is no longer a conflict: nothing to resolve.</source>
        <translation>لم يعد هذا التغيير متعارضًا: لا شيء يحتاج إلى حل.</translation>
    </message>
    <message>
        <source>This count was typed against a value that has changed on Zid since (a sale or an edit elsewhere). Choose which value Zid should keep.</source>
        <translation>أُدخل هذا العدد على أساس قيمة تغيّرت في زد بعد ذلك (بسبب عملية بيع أو تعديل من مكان آخر). اختر القيمة التي يحتفظ بها زد.</translation>
    </message>
    <message>
        <source>You typed:</source>
        <translation>ما أدخلتَه:</translation>
    </message>
    <message>
        <source>Your value is queued again: push to send it to Zid.</source>
        <translation>أُعيدت قيمتك إلى قائمة الانتظار: اضغط «إرسال» لإرسالها إلى زد.</translation>
    </message>
    <message>
        <source>Zid had when pushing:</source>
        <translation>قيمة زد عند الإرسال:</translation>
    </message>
    <message>
        <source>Zid has now (last sync):</source>
        <translation>قيمة زد الآن (حسب آخر مزامنة):</translation>
    </message>
    <message>
        <source>Zid&apos;s value changed while this change was being sent, so it may already have landed. If Zid&apos;s value already includes it, keep Zid&apos;s value; otherwise keep yours to send it again.</source>
        <translation>تغيّرت قيمة زد أثناء إرسال هذا التغيير، فربما يكون قد وصل بالفعل. إن كانت قيمة زد تتضمنه فأبقِ على قيمة زد، وإلا فأبقِ على قيمتك لإرسالها من جديد.</translation>
    </message>
</context>
<context>
    <name>OrderDetailDialog</name>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>العميل:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>التاريخ:</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>غير معروف</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>الطلب %1</translation>
    </message>
    <message>
        <source>Order number:</source>
        <translation>رقم الطلب:</translation>
    </message>
    <message>
        <source>Payment:</source>
        <translation>الدفع:</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>السعر</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Ships from</source>
        <translation>يُشحن من</translation>
    </message>
    <message>
        <source>Ships from:</source>
        <translation>يُشحن من:</translation>
    </message>
    <message>
        <source>Show in stock</source>
        <translation>عرض في المخزون</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>الحالة:</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>الإجمالي:</translation>
    </message>
</context>
<context>
    <name>OrderLabels</name>
    <message>
        <source>Awaiting payment</source>
        <translation>بانتظار الدفع</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>ملغي</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>تم التوصيل</translation>
    </message>
    <message>
        <source>In delivery</source>
        <translation>جاري التوصيل</translation>
    </message>
    <message>
        <source>New</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>مدفوع</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>مسترد جزئيًا</translation>
    </message>
    <message>
        <source>Partly returned</source>
        <translation>مسترجع جزئيًا</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>جاري التجهيز</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>جاهز</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>مسترد</translation>
    </message>
    <message>
        <source>Return in progress</source>
        <translation>جاري الاسترجاع</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>مسترجع</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>ملغى</translation>
    </message>
</context>
<context>
    <name>StockModel</name>
    <message>
        <source>Edited, not yet pushed</source>
        <translation>عُدّلت ولم تُرسل إلى زد بعد</translation>
    </message>
    <message>
        <source>Unlimited stock</source>
        <translation>مخزون غير محدود</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>الباركود</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <source>Conflict: Zid changed this count meanwhile. Press Enter to choose.</source>
        <translation>تعارض: تغيّرت هذه الكمية في زد في الأثناء. اضغط Enter لتختار.</translation>
    </message>
    <message>
        <source>Conflict: Zid now has %1. Press Enter to choose.</source>
        <translation>تعارض: الكمية في زد الآن %1. اضغط Enter لتختار.</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Zid keeps this product&apos;s stock on its variants: choose a variant.</source>
        <translation>يحفظ زد مخزون هذا المنتج في خياراته: اختر أحد الخيارات.</translation>
    </message>
    <message>
        <source>No stock here yet: nothing to remove.</source>
        <translation>لا مخزون هنا بعد: لا شيء لإخراجه.</translation>
    </message>
    <message>
        <source>No stock here yet: this becomes its first stock here.</source>
        <translation>لا مخزون هنا بعد: سيكون هذا أول مخزون له في هذا الموقع.</translation>
    </message>
    <message>
        <source>Receive / remove goods</source>
        <translation>استلام / إخراج بضاعة</translation>
    </message>
    <message>
        <source>Receive (add to stock)</source>
        <translation>استلام (إضافة إلى المخزون)</translation>
    </message>
    <message>
        <source>Remove (take out of stock)</source>
        <translation>إخراج (سحب من المخزون)</translation>
    </message>
    <message>
        <source>How many units</source>
        <translation>كم وحدة</translation>
    </message>
    <message>
        <source>e.g. delivery note number, damaged goods</source>
        <translation>مثلًا: رقم سند الاستلام، أو بضاعة تالفة</translation>
    </message>
    <message>
        <source>Product:</source>
        <translation>المنتج:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>الموقع:</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>التغيير:</translation>
    </message>
    <message>
        <source>Quantity:</source>
        <translation>الكمية:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>ملاحظة:</translation>
    </message>
    <message>
        <source>Queue the change</source>
        <translation>أضف التغيير إلى قائمة الإرسال</translation>
    </message>
    <message>
        <source>This product has no stock at any location yet.</source>
        <translation>لا مخزون لهذا المنتج في أي موقع بعد.</translation>
    </message>
    <message>
        <source>Unlimited stock at this location: nothing to count.</source>
        <translation>المخزون غير محدود في هذا الموقع: لا كمية تُعدّ.</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>الآن: %1</translation>
    </message>
    <message>
        <source>Only %1 in stock here: cannot remove %2.</source>
        <translation>المتوفر هنا %1 فقط: لا يمكن إخراج %2.</translation>
    </message>
    <message>
        <source>Now: %1, after the change: %2</source>
        <translation>الآن: %1، وبعد التغيير: %2</translation>
    </message>
</context>
<context>
    <name>ImportFilePage</name>
    <message>
        <source>1. Choose the file</source>
        <translation>١. اختر الملف</translation>
    </message>
    <message>
        <source>Drop a stock file on this window, or browse for it. CSV and text files (any encoding) and Excel workbooks (.xlsx) are read.</source>
        <translation>أفلت ملف المخزون على هذه النافذة أو استعرض للعثور عليه. تُقرأ ملفات CSV والملفات النصية (بأي ترميز) ومصنفات Excel ‏(⁦.xlsx⁩).</translation>
    </message>
    <message>
        <source>Path of a .csv, .txt or .xlsx file</source>
        <translation>مسار ملف ⁦.csv⁩ أو ⁦.txt⁩ أو ⁦.xlsx⁩</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>Or drag and drop the file here.</source>
        <translation>أو اسحب الملف وأفلته هنا.</translation>
    </message>
</context>
<context>
    <name>ImportFormatPage</name>
    <message>
        <source>2. Encoding and delimiter</source>
        <translation>٢. الترميز والفاصل</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8 (يونيكود)</translation>
    </message>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8 مع علامة BOM</translation>
    </message>
    <message>
        <source>UTF-16</source>
        <translation>UTF-16 (يونيكود)</translation>
    </message>
    <message>
        <source>UTF-16 (little-endian)</source>
        <translation>UTF-16 (ترتيب البايتات الصغير أولًا)</translation>
    </message>
    <message>
        <source>UTF-16 (big-endian)</source>
        <translation>UTF-16 (ترتيب البايتات الكبير أولًا)</translation>
    </message>
    <message>
        <source>Windows-1256 (Arabic)</source>
        <translation>Windows-1256 (عربي)</translation>
    </message>
    <message>
        <source>ISO-8859-6 (Arabic)</source>
        <translation>ISO-8859-6 (عربي)</translation>
    </message>
    <message>
        <source>Comma ( , )</source>
        <translation>فاصلة ( , )</translation>
    </message>
    <message>
        <source>Semicolon ( ; )</source>
        <translation>فاصلة منقوطة ( ; )</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>مسافة جدولة</translation>
    </message>
    <message>
        <source>Vertical bar ( | )</source>
        <translation>خط عمودي ( | )</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>الترميز</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>الفاصل</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>الورقة</translation>
    </message>
    <message>
        <source>The first rows as they will be read:</source>
        <translation>الصفوف الأولى كما ستُقرأ:</translation>
    </message>
    <message>
        <source>Detected: %1, %2. Change them if the preview looks wrong.</source>
        <translation>المكتشف: %1، %2. غيّرهما إن بدت المعاينة خاطئة.</translation>
    </message>
    <message>
        <source>An Excel workbook: choose the sheet that holds the stock.</source>
        <translation>مصنف Excel: اختر الورقة التي تحوي المخزون.</translation>
    </message>
</context>
<context>
    <name>ImportMappingPage</name>
    <message>
        <source>3. Columns</source>
        <translation>٣. الأعمدة</translation>
    </message>
    <message>
        <source>What each column of the file holds. A SKU or barcode column and a quantity column are needed; the location can come from a column or be chosen in the next step.</source>
        <translation>ماذا يحوي كل عمود في الملف. يلزم عمود لرمز المنتج أو الباركود وعمود للكمية؛ أما الموقع فيمكن أن يأتي من عمود أو يُختار في الخطوة التالية.</translation>
    </message>
    <message>
        <source>These choices were remembered from a file with the same columns.</source>
        <translation>تذكّرنا هذه الاختيارات من ملف له الأعمدة نفسها.</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>رمز المنتج</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>الباركود</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Product name (not imported)</source>
        <translation>اسم المنتج (لا يُستورد)</translation>
    </message>
    <message>
        <source>Ignore this column</source>
        <translation>تجاهل هذا العمود</translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation>العمود %1</translation>
    </message>
    <message>
        <source>First value: %1</source>
        <translation>أول قيمة: %1</translation>
    </message>
    <message>
        <source>a SKU or barcode column</source>
        <translation>عمودًا لرمز المنتج أو الباركود</translation>
    </message>
    <message>
        <source>a quantity column</source>
        <translation>عمودًا للكمية</translation>
    </message>
    <message>
        <source>Choose %1 to continue.</source>
        <translation>اختر %1 للمتابعة.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> و</translation>
    </message>
</context>
<context>
    <name>ImportOptionsPage</name>
    <message>
        <source>4. Mode and location</source>
        <translation>٤. طريقة الاستيراد والموقع</translation>
    </message>
    <message>
        <source>The quantities in the file are</source>
        <translation>الكميات في الملف هي</translation>
    </message>
    <message>
        <source>Counts: set the stock to these numbers</source>
        <translation>جرد: اجعل المخزون بهذه الأعداد</translation>
    </message>
    <message>
        <source>Goods received: add them to the stock</source>
        <translation>بضاعة واردة: أضفها إلى المخزون</translation>
    </message>
    <message>
        <source>Goods removed: subtract them from the stock</source>
        <translation>بضاعة صادرة: اطرحها من المخزون</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>From the file&apos;s location column</source>
        <translation>من عمود الموقع في الملف</translation>
    </message>
    <message>
        <source>One location for the whole file:</source>
        <translation>موقع واحد للملف كله:</translation>
    </message>
    <message>
        <source>Several rows for the same product and location</source>
        <translation>عدة صفوف للمنتج نفسه في الموقع نفسه</translation>
    </message>
    <message>
        <source>Sum them (equal counts are accepted once)</source>
        <translation>اجمعها (الأعداد المتساوية في الجرد تُقبل مرة واحدة)</translation>
    </message>
    <message>
        <source>Reject them all as invalid</source>
        <translation>ارفضها كلها بوصفها غير صالحة</translation>
    </message>
    <message>
        <source>Keep the last row</source>
        <translation>اعتمد الصف الأخير</translation>
    </message>
</context>
<context>
    <name>ImportReportPage</name>
    <message>
        <source>6. Result</source>
        <translation>٦. النتيجة</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>كل الصفوف</translation>
    </message>
    <message>
        <source>Rows not applied</source>
        <translation>الصفوف التي لم تُطبّق</translation>
    </message>
    <message>
        <source>Changed rows</source>
        <translation>الصفوف المتغيّرة</translation>
    </message>
    <message>
        <source>Save report as CSV…</source>
        <translation>حفظ التقرير بصيغة CSV…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>عرض</translation>
    </message>
</context>
<context>
    <name>ImportReviewPage</name>
    <message>
        <source>5. Check the changes</source>
        <translation>٥. راجع التغييرات</translation>
    </message>
    <message>
        <source>Nothing has been written yet: this is a dry run until you apply.</source>
        <translation>لم يُكتب شيء بعد: هذه تجربة فقط إلى أن تطبّق.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>عرض</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>كل الصفوف</translation>
    </message>
    <message>
        <source>Changed rows</source>
        <translation>الصفوف المتغيّرة</translation>
    </message>
    <message>
        <source>Invalid rows</source>
        <translation>الصفوف غير الصالحة</translation>
    </message>
    <message>
        <source>Unchanged rows</source>
        <translation>الصفوف التي لم تتغيّر</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>The import goes on in the background: its progress is in the status bar.</source>
        <translation>يتواصل الاستيراد في الخلفية: تقدّمه ظاهر في شريط الحالة.</translation>
    </message>
    <message>
        <source>Import of %1 is queued but not sent: %2</source>
        <translation>استيراد %1 في قائمة الانتظار لكنه لم يُرسل: %2</translation>
    </message>
    <message>
        <source>Import of %1 finished: %2 applied, %3 conflicts, %4 failed, %5 still queued.</source>
        <translation>انتهى استيراد %1: طُبّق %2، وتعارض %3، وفشل %4، وما زال %5 في الانتظار.</translation>
    </message>
    <message>
        <source>Only one column: is this the right sheet?</source>
        <translation>عمود واحد فقط: هل هذه هي الورقة الصحيحة؟</translation>
    </message>
    <message>
        <source>it is not %1 text (near line %2): choose another encoding</source>
        <translation>ليس نصًا بترميز %1 (قرب السطر %2): اختر ترميزًا آخر</translation>
    </message>
    <message>
        <source>it does not look like %1 text: is it UTF-16? Choose the encoding</source>
        <translation>لا يبدو نصًا بترميز %1: هل هو UTF-16؟ اختر الترميز</translation>
    </message>
    <message>
        <source>cannot read line %1 (%2)</source>
        <translation>تعذّرت قراءة السطر %1 (%2)</translation>
    </message>
    <message>
        <source>the workbook %1 cannot be read (%2)</source>
        <translation>تعذّرت قراءة المصنف %1 (%2)</translation>
    </message>
    <message>
        <source>the workbook %1 has no sheets</source>
        <translation>لا توجد أوراق في المصنف %1</translation>
    </message>
    <message>
        <source>Import stock from a file</source>
        <translation>استيراد المخزون من ملف</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>السابق</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Apply %1 changes</source>
        <translation>تطبيق التغييرات (%1)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Choose a stock file</source>
        <translation>اختر ملف مخزون</translation>
    </message>
    <message>
        <source>Stock files (*.csv *.txt *.xlsx *.xlsm *.xls *.ods)</source>
        <translation>ملفات المخزون (*.csv *.txt *.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
    <message>
        <source>There is no file at %1: check the path.</source>
        <translation>لا يوجد ملف في %1: تحقّق من المسار.</translation>
    </message>
    <message>
        <source>Cannot read this file: %1</source>
        <translation>تعذّرت قراءة هذا الملف: %1</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>الملف فارغ.</translation>
    </message>
    <message>
        <source>Only one column: is the delimiter right?</source>
        <translation>عمود واحد فقط: هل الفاصل صحيح؟</translation>
    </message>
    <message>
        <source>No store is open: sign in and sync first.</source>
        <translation>لا يوجد متجر مفتوح: سجّل الدخول وزامن أولًا.</translation>
    </message>
    <message>
        <source>Checking the rows</source>
        <translation>جارٍ فحص الصفوف</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>جارٍ فحص %1</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>تعذّر الفحص: %1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>أُلغي: لم يُكتب شيء.</translation>
    </message>
    <message>
        <source>Cannot check this file: %1</source>
        <translation>تعذّر فحص هذا الملف: %1</translation>
    </message>
    <message>
        <source>%1 rows: %2 changed, %3 unchanged, %4 invalid (%5 stock changes)</source>
        <translation>عدد الصفوف %1: تغيّر %2، ودون تغيير %3، وغير صالح %4 (تعديلات المخزون: %5)</translation>
    </message>
    <message>
        <source>Nothing to send to Zid.</source>
        <translation>لا شيء لإرساله إلى زد.</translation>
    </message>
    <message>
        <source>under a minute</source>
        <translation>أقل من دقيقة</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>نحو %1 دقيقة</translation>
    </message>
    <message>
        <source>Sending costs %1 API requests: %2 at the store&apos;s rate of %3 requests/min.</source>
        <translation>عدد طلبات API اللازمة للإرسال: %1، أي %2 بمعدّل المتجر (%3 طلب/دقيقة).</translation>
    </message>
    <message>
        <source>Queuing the changes</source>
        <translation>جارٍ وضع التغييرات في قائمة الانتظار</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>لم تسجّل الدخول.</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>جارٍ استيراد %1</translation>
    </message>
    <message>
        <source>Sending to Zid</source>
        <translation>جارٍ الإرسال إلى زد</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>فشل الاستيراد: %1</translation>
    </message>
    <message>
        <source>Cancelled: nothing was queued.</source>
        <translation>أُلغي: لم يوضع شيء في قائمة الانتظار.</translation>
    </message>
    <message>
        <source>Applied: %1 · Conflicts: %2 · Failed: %3 · Still queued: %4 · Invalid: %5 · Unchanged: %6</source>
        <translation>طُبّق: %1 · تعارض: %2 · فشل: %3 · ما زال في الانتظار: %4 · غير صالح: %5 · دون تغيير: %6</translation>
    </message>
    <message>
        <source>Not sent to Zid: %1 The changes stay queued as one batch: push them later.</source>
        <translation>لم يُرسل إلى زد: %1 تبقى التغييرات في قائمة الانتظار دفعةً واحدة: أرسلها لاحقًا.</translation>
    </message>
    <message>
        <source>Sending stopped: %1 changes stay queued. Push them later.</source>
        <translation>توقّف الإرسال: يبقى %1 من التغييرات في قائمة الانتظار. أرسلها لاحقًا.</translation>
    </message>
    <message>
        <source>Some counts conflict with sales made since the last sync: open Pending changes to choose.</source>
        <translation>بعض الأعداد تتعارض مع مبيعات تمّت منذ آخر مزامنة: افتح التعديلات المعلّقة للاختيار.</translation>
    </message>
    <message>
        <source>Queued as batch %1, reversible as a whole from History.</source>
        <translation>وُضعت في قائمة الانتظار بوصفها الدفعة %1، ويمكن التراجع عنها كاملةً من السجل.</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>حفظ التقرير</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>ملفات CSV ‏(*.csv)</translation>
    </message>
    <message>
        <source>Cannot save the report: %1</source>
        <translation>تعذّر حفظ التقرير: %1</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>حُفظ التقرير في %1</translation>
    </message>
</context>
<context>
    <name>PlanTableModel</name>
    <message>
        <source>Row</source>
        <translation>الصف</translation>
    </message>
    <message>
        <source>SKU / barcode</source>
        <translation>رمز المنتج / الباركود</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>القديم ← الجديد</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>تغيّر</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>دون تغيير</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>غير صالح</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>مُخطَّط</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>طُبّق</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>تعارض</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <source>unknown SKU %1</source>
        <translation>رمز منتج غير معروف: %1</translation>
    </message>
    <message>
        <source>unknown barcode %1</source>
        <translation>باركود غير معروف: %1</translation>
    </message>
    <message>
        <source>no SKU or barcode</source>
        <translation>لا يوجد رمز منتج ولا باركود</translation>
    </message>
    <message>
        <source>unknown location %1</source>
        <translation>موقع غير معروف: %1</translation>
    </message>
    <message>
        <source>no location: fill the location column or choose one location</source>
        <translation>لا يوجد موقع: املأ عمود الموقع أو اختر موقعًا واحدًا</translation>
    </message>
    <message>
        <source>empty quantity</source>
        <translation>الكمية فارغة</translation>
    </message>
    <message>
        <source>not a whole number: %1</source>
        <translation>ليس عددًا صحيحًا: %1</translation>
    </message>
    <message>
        <source>not a number: %1</source>
        <translation>ليس رقمًا: %1</translation>
    </message>
    <message>
        <source>ambiguous number %1 (thousands or decimals?): write it without separators</source>
        <translation>رقم ملتبس %1 (آلاف أم كسور عشرية؟): اكتبه دون فواصل</translation>
    </message>
    <message>
        <source>negative result: %1</source>
        <translation>النتيجة سالبة: %1</translation>
    </message>
    <message>
        <source>infinite-stock product: its stock is not counted</source>
        <translation>منتج بمخزون غير محدود: لا يُجرد مخزونه</translation>
    </message>
    <message>
        <source>the product has variants: import its variants&apos; SKUs instead</source>
        <translation>للمنتج خيارات: استورد رموز خياراته بدلًا منه</translation>
    </message>
    <message>
        <source>“infinite” is only valid in set mode</source>
        <translation>«غير محدود» لا يصح إلا في وضع الجرد</translation>
    </message>
    <message>
        <source>a + sign in a subtract file is ambiguous: %1</source>
        <translation>علامة + في ملف طرح ملتبسة: %1</translation>
    </message>
    <message>
        <source>SKU %1 matches several products: use the barcode</source>
        <translation>رمز المنتج %1 يطابق عدة منتجات: استخدم الباركود</translation>
    </message>
    <message>
        <source>barcode %1 matches several products: use the SKU</source>
        <translation>الباركود %1 يطابق عدة منتجات: استخدم رمز المنتج</translation>
    </message>
    <message>
        <source>duplicate rows with different counts (rows %1)</source>
        <translation>صفوف مكررة بأعداد مختلفة (الصفوف %1)</translation>
    </message>
    <message>
        <source>duplicate: the same product and location as row %1</source>
        <translation>مكرر: المنتج والموقع نفسهما في الصف %1</translation>
    </message>
    <message>
        <source>same count as row %1</source>
        <translation>العدد نفسه في الصف %1</translation>
    </message>
    <message>
        <source>summed with row %1</source>
        <translation>جُمع مع الصف %1</translation>
    </message>
    <message>
        <source>superseded by row %1 (the last row wins)</source>
        <translation>حلّ محله الصف %1 (يُعتمد الصف الأخير)</translation>
    </message>
    <message>
        <source>last of duplicate rows %1</source>
        <translation>آخر الصفوف المكررة %1</translation>
    </message>
    <message>
        <source>Zid&apos;s value changed since the last sync: resolve it in Pending changes</source>
        <translation>تغيّرت القيمة في زد منذ آخر مزامنة: احسم الأمر في التعديلات المعلّقة</translation>
    </message>
    <message>
        <source>would make the stock negative (%1)</source>
        <translation>سيجعل المخزون سالبًا (%1)</translation>
    </message>
    <message>
        <source>not found in the outbox</source>
        <translation>غير موجود في قائمة الإرسال</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Column %1</source>
        <translation>العمود %1</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>New location</source>
        <translation>موقع جديد</translation>
    </message>
    <message>
        <source>Edit location</source>
        <translation>تعديل الموقع</translation>
    </message>
    <message>
        <source>Name in Arabic</source>
        <translation>الاسم بالعربية</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>الاسم بالإنجليزية</translation>
    </message>
    <message>
        <source>National short address (Saudi Arabia)</source>
        <translation>العنوان الوطني المختصر (في السعودية)</translation>
    </message>
    <message>
        <source>Default location</source>
        <translation>الموقع الافتراضي</translation>
    </message>
    <message>
        <source>Private location</source>
        <translation>موقع خاص</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>مفعّل</translation>
    </message>
    <message>
        <source>Arabic name:</source>
        <translation>الاسم بالعربية:</translation>
    </message>
    <message>
        <source>English name:</source>
        <translation>الاسم بالإنجليزية:</translation>
    </message>
    <message>
        <source>Country:</source>
        <translation>الدولة:</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>المدينة:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <source>Short address:</source>
        <translation>العنوان المختصر:</translation>
    </message>
    <message>
        <source>Save to Zid</source>
        <translation>حفظ في زد</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Loading countries and cities from Zid…</source>
        <translation>جارٍ تحميل الدول والمدن من زد…</translation>
    </message>
    <message>
        <source>Sign in to edit locations on Zid.</source>
        <translation>سجّل الدخول لتعديل المواقع في زد.</translation>
    </message>
    <message>
        <source>Give the location a name in Arabic and in English.</source>
        <translation>أدخل اسم الموقع بالعربية وبالإنجليزية.</translation>
    </message>
    <message>
        <source>Choose a city.</source>
        <translation>اختر مدينة.</translation>
    </message>
    <message>
        <source>Saving to Zid…</source>
        <translation>جارٍ الحفظ في زد…</translation>
    </message>
</context>
<context>
    <name>ChangeSources</name>
    <message>
        <source>Edit in the app</source>
        <translation>تعديل في التطبيق</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>سطر الأوامر</translation>
    </message>
    <message>
        <source>File %1</source>
        <translation>الملف %1</translation>
    </message>
    <message>
        <source>Reversal of batch %1</source>
        <translation>تراجع عن الدفعة %1</translation>
    </message>
    <message>
        <source>Reversal of entry %1</source>
        <translation>تراجع عن القيد %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export stock</source>
        <translation>تصدير المخزون</translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>كل المواقع</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>الموقع:</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>مصنف Excel</translation>
    </message>
    <message>
        <source>CSV for Excel (UTF-8 with BOM: Arabic shows)</source>
        <translation>ملف CSV لبرنامج Excel (يظهر فيه النص العربي)</translation>
    </message>
    <message>
        <source>Plain CSV (UTF-8, no BOM: other systems)</source>
        <translation>ملف CSV عادي، بلا علامة BOM (للأنظمة الأخرى)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>الملف:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>Export stock to</source>
        <translation>تصدير المخزون إلى</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>مصنف Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>ملف CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting stock</source>
        <translation>جارٍ تصدير المخزون</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>أُلغي التصدير: لم يُكتب أي ملف.</translation>
    </message>
    <message>
        <source>Export failed: see the log.</source>
        <translation>فشل التصدير: راجع السجل.</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>تعذّر التصدير: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>اكتمل التصدير: عدد الصفوف %1، في الملف %2</translation>
    </message>
</context>
</TS>
