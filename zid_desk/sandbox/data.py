"""Deterministic, realistic, bilingual demo data for the sandbox store.

Everything here is generated from one `random.Random(seed)`, so the same seed always
gives the same store, locations, products (ids, names, SKUs, barcodes, stock) and orders.
Timestamps are placed relative to an *anchor* (midnight UTC of the start day by default).
"""

from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from zid_desk.sandbox.records import (
    COUNTRIES,
    LocationRec,
    OrderItemRec,
    OrderRec,
    ProductRec,
    StockRec,
    city_by_id,
)

# ----------------------------------------------------------------------------- helpers


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def ean13(rng: random.Random, prefix: str = "628") -> str:
    """A valid EAN-13 (628 = GS1 Saudi Arabia) with a correct check digit."""
    body = prefix + "".join(rng.choice(string.digits) for _ in range(12 - len(prefix)))
    return body + ean13_check_digit(body)


def ean13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


# ----------------------------------------------------------------------------- locations

# (city id, ar name, en name, district, street, short address, lat, lon)
LOCATION_SITES: list[tuple[int, str, str, str, str, str, float, float]] = [
    (1, "مستودع الرياض الرئيسي", "Riyadh Main Warehouse", "Al Olaya", "طريق الملك فهد",
     "RHOA2911", 24.7136, 46.6753),
    (2, "فرع جدة - التحلية", "Jeddah - Tahlia Branch", "Al Andalus", "شارع التحلية",
     "JEAN4412", 21.5433, 39.1728),
    (3, "مستودع الدمام", "Dammam Warehouse", "Al Faisaliyah", "طريق الملك سعود",
     "DAFA7720", 26.4207, 50.0888),
    (501, "مستودع دبي", "Dubai Warehouse", "Al Quoz", "Sheikh Zayed Road", "",
     25.1389, 55.2271),
    (4, "فرع مكة المكرمة", "Mecca Branch", "Al Aziziyah", "شارع العزيزية", "MKAZ3301",
     21.3891, 39.8579),
    (5, "فرع المدينة المنورة", "Medina Branch", "Quba", "طريق قباء", "MDQB1208",
     24.4672, 39.6111),
    (502, "فرع أبوظبي", "Abu Dhabi Branch", "Al Khalidiyah", "Corniche Road", "",
     24.4539, 54.3773),
    (503, "فرع الشارقة", "Sharjah Branch", "Al Majaz", "Al Wahda Street", "",
     25.3463, 55.4209),
]

LINKED_USERS = ["أسامة", "Fahad", "نورة", "Khalid", "سارة", "Omar", "ريم", "Yousef"]


def make_locations(rng: random.Random, count: int) -> list[LocationRec]:
    out: list[LocationRec] = []
    for i in range(max(1, count)):
        city_id, ar, en, district, street, short, lat, lon = LOCATION_SITES[i % len(LOCATION_SITES)]
        rounds = i // len(LOCATION_SITES)
        if rounds:
            ar, en = f"{ar} {rounds + 1}", f"{en} {rounds + 1}"
        city = city_by_id(city_id)
        assert city is not None
        country = COUNTRIES[city.country_id]
        full = f"{rng.randint(1000, 9999)} {district}, {city.en}, {country.en}"
        out.append(
            LocationRec(
                id=new_uuid(rng),
                name={"ar": ar, "en": en},
                city_id=city_id,
                coordinates=(round(lat + rng.uniform(-0.02, 0.02), 6),
                             round(lon + rng.uniform(-0.02, 0.02), 6)),
                full_address=full,
                short_address=short or None,
                district=district,
                street=street,
                fulfillment_priority=i + 1,
                is_default=(i == 0),
                channels=["pos", "catalog"] if i % 3 != 2 else ["catalog"],
                linked_users=[{"user_uuid": new_uuid(rng),
                               "full_name": LINKED_USERS[i % len(LINKED_USERS)]}],
            )
        )
    return out


# ----------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Category:
    id: str
    code: str  # SKU prefix
    ar: str
    en: str
    # (ar base name, en base name, min price, max price)
    items: list[tuple[str, str, float, float]]
    # modifiers appended to names to make many distinct products: (ar, en)
    modifiers: list[tuple[str, str]]
    # variant option: (option ar, option en, [(choice ar, choice en)]) or None
    option: tuple[str, str, list[tuple[str, str]]] | None = None


CATEGORIES: list[Category] = [
    Category("1473476", "ELC", "إلكترونيات", "Electronics", [
        ("سماعات لاسلكية", "Wireless Earbuds", 99, 899),
        ("شاحن سريع", "Fast Charger", 39, 199),
        ("باور بانك", "Power Bank", 79, 299),
        ("ساعة ذكية", "Smart Watch", 299, 1899),
        ("كابل شحن", "Charging Cable", 19, 89),
        ("مكبر صوت بلوتوث", "Bluetooth Speaker", 129, 999),
        ("لوحة مفاتيح لاسلكية", "Wireless Keyboard", 89, 499),
        ("فأرة ألعاب", "Gaming Mouse", 69, 399),
        ("جراب جوال", "Phone Case", 29, 149),
    ], [("برو", "Pro"), ("ماكس", "Max"), ("لايت", "Lite"), ("بلس", "Plus"), ("ألترا", "Ultra"),
        ("ميني", "Mini"), ("إير", "Air"), ("نيو", "Neo")],
        ("اللون", "Color", [("أسود", "Black"), ("أبيض", "White"), ("أزرق", "Blue"),
                            ("ذهبي", "Gold")])),
    Category("1473477", "COF", "قهوة", "Coffee", [
        ("قهوة سعودية", "Saudi Coffee", 35, 120),
        ("قهوة مختصة", "Specialty Coffee", 55, 180),
        ("قهوة عربية بالهيل", "Arabic Coffee with Cardamom", 40, 110),
        ("حبوب إسبريسو", "Espresso Beans", 45, 160),
        ("دلة قهوة", "Coffee Dallah", 89, 450),
        ("فناجين قهوة", "Coffee Cups Set", 49, 220),
    ], [("إثيوبي", "Ethiopian"), ("كولومبي", "Colombian"), ("يمني", "Yemeni"),
        ("برازيلي", "Brazilian"), ("خولاني", "Khawlani"), ("هرري", "Harari")],
        ("الوزن", "Weight", [("250 غرام", "250 g"), ("500 غرام", "500 g"), ("1 كيلو", "1 kg")])),
    Category("1473478", "PRF", "عطور وعود", "Perfumes & Oud", [
        ("دهن عود", "Oud Oil", 150, 2500),
        ("عطر", "Eau de Parfum", 120, 900),
        ("بخور", "Bakhoor", 45, 400),
        ("مبخرة", "Incense Burner", 60, 350),
        ("مسك", "Musk", 40, 300),
    ], [("كمبودي", "Cambodian"), ("هندي", "Indian"), ("ملكي", "Royal"), ("الورد", "Rose"),
        ("العنبر", "Amber"), ("الليل", "Night"), ("الصحراء", "Desert")],
        ("الحجم", "Size", [("50 مل", "50 ml"), ("100 مل", "100 ml")])),
    Category("1473479", "DAT", "تمور", "Dates", [
        ("تمر سكري", "Sukkari Dates", 45, 180),
        ("تمر عجوة", "Ajwa Dates", 70, 260),
        ("تمر مجدول", "Medjool Dates", 60, 240),
        ("تمر خلاص", "Khalas Dates", 35, 140),
        ("تمر صقعي", "Segai Dates", 40, 150),
        ("معمول بالتمر", "Date Maamoul", 30, 120),
    ], [("فاخر", "Premium"), ("ملكي", "Royal"), ("عضوي", "Organic"), ("محشي", "Stuffed"),
        ("مفتل", "Mufattal")],
        ("الوزن", "Weight", [("1 كيلو", "1 kg"), ("3 كيلو", "3 kg")])),
    Category("1473480", "ABY", "عبايات", "Abayas", [
        ("عباية سوداء", "Black Abaya", 180, 950),
        ("عباية مطرزة", "Embroidered Abaya", 250, 1400),
        ("عباية كتف", "Shoulder Abaya", 200, 800),
        ("طرحة", "Tarha Scarf", 35, 150),
        ("جلابية", "Jalabiya", 150, 600),
    ], [("كريب", "Crepe"), ("حرير", "Silk"), ("كلوش", "Flared"), ("يومية", "Daily"),
        ("سهرة", "Evening"), ("كتان", "Linen")],
        ("المقاس", "Size", [("صغير", "S"), ("وسط", "M"), ("كبير", "L"), ("كبير جداً", "XL")])),
    Category("1473481", "HOM", "المنزل", "Home", [
        ("سجادة صلاة", "Prayer Rug", 49, 350),
        ("طقم فناجين", "Cup Set", 59, 280),
        ("مفرش طاولة", "Table Runner", 39, 160),
        ("فانوس", "Lantern", 69, 320),
        ("مزهرية", "Vase", 45, 260),
        ("وسادة", "Cushion", 29, 140),
    ], [("تراثي", "Heritage"), ("مودرن", "Modern"), ("ذهبي", "Golden"), ("نحاسي", "Copper"),
        ("مخملي", "Velvet")], None),
]

GIFT_CARD = ("بطاقة هدية", "Gift Card")


def _stock_quantity(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.10:
        return 0
    if r < 0.25:
        return rng.randint(1, 5)
    return rng.randint(6, 200)


def make_products(
    rng: random.Random, count: int, locations: list[LocationRec], anchor: datetime
) -> list[ProductRec]:
    """`count` listable products (standalone + parents); variants come on top."""
    out: list[ProductRec] = []
    serial = 10000
    for n in range(count):
        cat = CATEGORIES[rng.randrange(len(CATEGORIES))]
        base_ar, base_en, lo, hi = cat.items[rng.randrange(len(cat.items))]
        mod_ar, mod_en = cat.modifiers[rng.randrange(len(cat.modifiers))]
        serial += rng.randint(1, 9)
        model = serial % 1000
        infinite = rng.random() < 0.05
        if infinite:
            name = {"ar": f"{GIFT_CARD[0]} {cat.ar} {model}",
                    "en": f"{cat.en} {GIFT_CARD[1]} {model}"}
        else:
            name = {"ar": f"{base_ar} {mod_ar} {model}", "en": f"{base_en} {mod_en} {model}"}
        price = float(round(rng.uniform(lo, hi)))
        created = anchor - timedelta(days=rng.uniform(1, 365), microseconds=rng.randint(0, 999999))
        updated = created + (anchor - created) * rng.random() * 0.9
        is_parent = cat.option is not None and not infinite and rng.random() < 0.12
        pid = new_uuid(rng)
        sku = f"{cat.code}-{serial}"
        product = ProductRec(
            id=pid,
            sku=sku,
            barcode="" if rng.random() < 0.08 else ean13(rng),
            parent_id=None,
            name=name,
            price=price,
            sale_price=float(round(price * 0.85)) if rng.random() < 0.15 else None,
            cost=float(round(price * rng.uniform(0.4, 0.7))),
            category=cat,
            structure="parent" if is_parent else "standalone",
            created_at=created,
            updated_at=updated,
            display_order=n + 1,
            is_published=rng.random() > 0.05,
        )
        out.append(product)
        if is_parent:
            assert cat.option is not None
            opt_ar, opt_en, choices = cat.option
            product.options = [{
                "id": new_uuid(rng),
                "name": {"ar": opt_ar, "en": opt_en},
                "slug": opt_en.lower(),
                "choices": [{"ar": c_ar, "en": c_en} for c_ar, c_en in choices],
            }]
            for c_ar, c_en in choices:
                variant = ProductRec(
                    id=new_uuid(rng),
                    sku=f"{sku}-{c_en.replace(' ', '').upper()}",
                    barcode=ean13(rng),
                    parent_id=pid,
                    name={"ar": f"{name['ar']} - {c_ar}", "en": f"{name['en']} - {c_en}"},
                    price=price,
                    sale_price=None,
                    cost=product.cost,
                    category=cat,
                    structure="child",
                    created_at=created,
                    updated_at=updated,
                    display_order=n + 1,
                    is_published=product.is_published,
                    attributes=[{"name": {"ar": opt_ar, "en": opt_en},
                                 "value": {"ar": c_ar, "en": c_en}}],
                )
                _give_stocks(rng, variant, locations, infinite=False)
                product.variant_ids.append(variant.id)
                out.append(variant)
        else:
            _give_stocks(rng, product, locations, infinite=infinite)
    return out


def _give_stocks(
    rng: random.Random, product: ProductRec, locations: list[LocationRec], *, infinite: bool
) -> None:
    chosen = [loc for loc in locations if rng.random() < 0.8] or [locations[0]]
    for loc in chosen:
        qty = None if infinite else _stock_quantity(rng)
        product.stocks[loc.id] = StockRec(
            id=new_uuid(rng), product_id=product.id, location_id=loc.id,
            available_quantity=qty, is_infinite=infinite,
        )


# ----------------------------------------------------------------------------- orders

FIRST_NAMES = ["محمد", "عبدالله", "فهد", "سلطان", "خالد", "نورة", "سارة", "ريم", "لمى", "هيا",
               "عبدالرحمن", "يوسف", "مريم", "منيرة", "فيصل", "تركي", "أمل", "جواهر",
               "راشد", "حمدان"]
LAST_NAMES = ["العتيبي", "القحطاني", "الغامدي", "الشهري", "الدوسري", "الحربي", "الزهراني",
              "المطيري", "السبيعي", "الكعبي", "المنصوري", "النعيمي", "الشامسي", "البلوشي"]

# every status the list counters know (zid-api.md §7.1/§7.6), weighted roughly like a real store
ORDER_STATUSES: list[tuple[str, int]] = [
    ("new", 20), ("preparing", 10), ("ready", 10), ("indelivery", 6), ("delivered", 30),
    ("cancelled", 10), ("reversed", 5), ("reverse_in_progress", 4), ("partially_reversed", 3),
    ("initial", 2),
]
PAYMENT_METHODS = ["zid_cod", "zid_bank_transfer", "zid_credit_card", "zid_cop"]
SOURCES = [("Store", "st"), ("Store App", "sa"), ("ZidPOS", "pos"), ("Merchant Admin", "md")]
AED_PER_SAR = 0.979


@dataclass
class OrderFactory:
    """Builds orders; also used by the 'sales' simulation, so it keeps its own counters."""

    rng: random.Random
    store_id: int
    next_id: int = 64086815
    next_customer: int = 15141670
    codes: set[str] = field(default_factory=set)

    def customer(self, country: str) -> dict[str, object]:
        rng = self.rng
        self.next_customer += rng.randint(1, 40)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        prefix = "9665" if country == "SA" else "9715"
        return {
            "id": self.next_customer,
            "name": f"{first} {last}",
            "email": f"customer{self.next_customer}@example.sa",
            "mobile": prefix + "".join(rng.choice(string.digits) for _ in range(8)),
            "note": "",
            "verified": 1,
            "type": "individual",
        }

    def code(self) -> str:
        while True:
            c = "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(10))
            if c not in self.codes:
                self.codes.add(c)
                return c

    def make(
        self,
        *,
        status: str,
        created: datetime,
        updated: datetime,
        location: LocationRec,
        lines: list[tuple[ProductRec, int]],
        payment_status: str | None = None,
    ) -> OrderRec:
        rng = self.rng
        city = city_by_id(location.city_id)
        country = COUNTRIES[city.country_id].code if city else "SA"
        currency = "SAR" if country == "SA" else "AED"
        rate = 1.0 if currency == "SAR" else AED_PER_SAR
        self.next_id += rng.randint(1, 25)
        items = [
            OrderItemRec(
                product_id=p.id, order_product_id=rng.randint(60000, 999999), parent_id=p.parent_id,
                name=dict(p.name), sku=p.sku, barcode=p.barcode or None, quantity=q,
                price=round((p.sale_price or p.price) * rate, 2),
            )
            for p, q in lines
        ]
        if payment_status is None:
            payment_status = {
                "delivered": "paid", "cancelled": "voided", "reversed": "refunded",
                "partially_reversed": "refunded",
            }.get(status, rng.choice(["paid", "pending"]))
        source, source_code = rng.choice(SOURCES)
        return OrderRec(
            id=self.next_id,
            code=self.code(),
            store_id=self.store_id,
            status=status,
            currency=currency,
            customer=self.customer(country),
            payment_status=payment_status,
            payment_method=rng.choice(PAYMENT_METHODS),
            source=source,
            source_code=source_code,
            created_at=created,
            updated_at=updated,
            location_id=location.id,
            items=items,
            shipping_fee=round((25.0 if currency == "SAR" else 20.0), 2),
        )


def make_orders(
    factory: OrderFactory,
    count: int,
    products: list[ProductRec],
    locations: list[LocationRec],
    anchor: datetime,
) -> list[OrderRec]:
    rng = factory.rng
    sellable = [p for p in products if p.structure != "parent"]
    statuses = [s for s, _ in ORDER_STATUSES]
    weights = [w for _, w in ORDER_STATUSES]
    # start far enough back that the id sequence is increasing with creation time
    times = sorted(anchor - timedelta(days=rng.uniform(0, 60), seconds=rng.randint(0, 86399))
                   for _ in range(count))
    orders: list[OrderRec] = []
    for i, created in enumerate(times):
        # the first orders cover every status once, the rest follow the weights
        status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
        created = created.replace(microsecond=0)
        updated = created + timedelta(minutes=rng.randint(0, 3 * 24 * 60) if status != "new" else 0)
        lines = [(rng.choice(sellable), rng.randint(1, 3)) for _ in range(rng.randint(1, 4))]
        orders.append(factory.make(status=status, created=created, updated=min(updated, anchor),
                                   location=rng.choice(locations), lines=lines))
    return orders


def default_anchor() -> datetime:
    """Midnight UTC today: data timestamps are stable for a seed within a day."""
    now = datetime.now(UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)
