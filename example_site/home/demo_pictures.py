"""Pictures for the demo content, drawn with Pillow when the command runs.

Nothing is downloaded and no binary files ship with the example site.
"""

from functools import cache
from io import BytesIO
from random import Random

from PIL import Image, ImageDraw, ImageFont, ImageOps

PHOTO_SIZE = (1600, 1000)
BODY_PHOTO_SIZE = (1200, 800)
PORTRAIT_SIZE = (600, 600)
JPEG_QUALITY = 82


@cache
def font(size):
    """Pillow's bundled font at ``size``, or None where this Pillow cannot scale it."""
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError, ImportError):  # Pillow < 10.1, or built without FreeType
        return None


def label(draw, xy, text, size, fill="white"):
    """Text centred on ``xy``; left out where no scalable font is available."""
    if font(size) is not None:
        draw.text(xy, text, font=font(size), fill=fill, anchor="mm")


def gradient(size, top, bottom):
    return ImageOps.colorize(Image.linear_gradient("L").resize(size), top, bottom)


def band(picture, box, top, bottom):
    """Fill ``box`` with a vertical gradient."""
    left, upper, right, lower = box
    picture.paste(gradient((right - left, lower - upper), top, bottom), (left, upper))


def draw_market(picture, draw):
    band(picture, (0, 640, 1600, 1000), "#a09a92", "#6f6a64")
    draw.rectangle((200, 300, 1400, 640), fill="#d9c7a3")
    draw.polygon([(140, 310), (800, 130), (1460, 310)], fill="#8a4b2f")
    for x in range(260, 1400, 160):
        draw.rectangle((x, 440, x + 26, 640), fill="#b39d74")
    draw.rectangle((520, 330, 1080, 420), fill="#1f4e79")
    label(draw, (800, 375), "PASAR REJOSARI", 54)
    produce = ["#f28c28", "#7cb342", "#d84315", "#fbc02d", "#558b2f"]
    for n, x in enumerate(range(40, 1600, 310)):
        for stripe in range(6):
            colour = "#c62828" if stripe % 2 == 0 else "#fafafa"
            left = x + stripe * 45
            draw.polygon(
                [(left, 600), (left + 45, 600), (left + 55, 680), (left + 10, 680)], fill=colour
            )
        draw.rectangle((x + 15, 760, x + 275, 800), fill="#6d4c41")
        draw.rectangle((x + 25, 800, x + 45, 900), fill="#5d4037")
        draw.rectangle((x + 245, 800, x + 265, 900), fill="#5d4037")
        for i in range(7):
            cx, colour = x + 40 + i * 33, produce[(n + i) % len(produce)]
            draw.ellipse((cx - 18, 724, cx + 18, 760), fill=colour)


def draw_flood_drill(picture, draw):
    band(picture, (0, 520, 1600, 600), "#6e8b5e", "#55704a")
    band(picture, (0, 600, 1600, 800), "#6f8f9c", "#3f6272")
    for y in range(620, 800, 30):
        for x in range((y * 7) % 120 - 120, 1600, 160):
            draw.arc((x, y, x + 120, y + 30), 200, 340, fill="#a9c3cc", width=4)
    band(picture, (0, 800, 1600, 1000), "#7a6b4f", "#5c4f39")
    draw.rectangle((1236, 250, 1264, 820), fill="#9e9e9e")
    draw.rectangle((1200, 250, 1300, 300), fill="#e53935")
    draw.polygon([(1300, 255), (1380, 225), (1380, 325), (1300, 295)], fill="#cfd8dc")
    draw.polygon([(1200, 255), (1120, 225), (1120, 325), (1200, 295)], fill="#cfd8dc")
    for x in (260, 380, 520, 700, 860):
        draw.ellipse((x - 24, 760, x + 24, 808), fill="#8d6e63")
        draw.rectangle((x - 34, 810, x + 34, 910), fill="#ff6f00")
        draw.rectangle((x - 34, 850, x + 34, 862), fill="#e0e0e0")
    rain = Random(4)
    for _ in range(260):
        x, y = rain.randrange(-200, 1600), rain.randrange(0, 1000)
        draw.line((x, y, x + 18, y + 60), fill="#d7dee3", width=2)


def draw_robot(picture, draw):
    draw.rectangle((300, 110, 1300, 250), fill="#263238")
    label(draw, (800, 180), "GARUDA ROBOTIK", 72, fill="#ffca28")
    band(picture, (0, 760, 1600, 1000), "#9e8064", "#7b6049")
    draw.rectangle((120, 720, 1480, 780), fill="#8d6e4f")
    draw.line((1000, 560, 1160, 500), fill="#546e7a", width=22)
    draw.line((600, 560, 450, 640), fill="#546e7a", width=22)
    draw.rounded_rectangle((620, 440, 980, 680), radius=24, fill="#f28c28")
    draw.rounded_rectangle((690, 300, 910, 430), radius=20, fill="#ef6c00")
    draw.line((800, 300, 800, 230), fill="#455a64", width=8)
    draw.ellipse((780, 205, 820, 245), fill="#e53935")
    for eye_x in (750, 850):
        draw.ellipse((eye_x - 28, 335, eye_x + 28, 391), fill="#e3f2fd")
        draw.ellipse((eye_x - 12, 351, eye_x + 12, 375), fill="#1565c0")
    draw.rectangle((700, 480, 900, 560), fill="#37474f")
    for wheel_x in (680, 920):
        draw.ellipse((wheel_x - 45, 650, wheel_x + 45, 740), fill="#212121")
    draw.rectangle((1180, 560, 1240, 720), fill="#81d4fa")
    draw.rectangle((1270, 640, 1330, 720), fill="#b0bec5")
    draw.rectangle((360, 600, 440, 720), fill="#fff8e1")


def kawung(size, ground, petal, centre, step=120):
    """The four-petal kawung motif repeated over a cloth of ``size``."""
    cloth = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(cloth)
    length, half = step // 2, step // 6
    for row, y in enumerate(range(0, size[1] + step, step)):
        for x in range((row % 2) * step // 2, size[0] + step, step):
            draw.ellipse((x - length, y - half, x, y + half), fill=petal)
            draw.ellipse((x, y - half, x + length, y + half), fill=petal)
            draw.ellipse((x - half, y - length, x + half, y), fill=petal)
            draw.ellipse((x - half, y, x + half, y + length), fill=petal)
            draw.ellipse((x - half // 2, y - half // 2, x + half // 2, y + half // 2), fill=centre)
    return cloth


def parang(size, ground, stripe):
    cloth = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(cloth)
    for x in range(-size[1], size[0], 70):
        draw.line((x, size[1], x + size[1], 0), fill=stripe, width=26)
    return cloth


def draw_batik(picture, draw):
    band(picture, (0, 860, 1600, 1000), "#7cb342", "#558b2f")
    draw.line((0, 150, 1600, 150), fill="#5d4037", width=8)
    cloths = [
        kawung((300, 700), "#1a237e", "#a1887f", "#fff3e0", step=100),
        parang((300, 700), "#6d4c41", "#ffcc80"),
        kawung((300, 700), "#b71c1c", "#ffe0b2", "#3e2723", step=90),
        parang((300, 700), "#0d47a1", "#e3f2fd"),
    ]
    for n, cloth in enumerate(cloths):
        x = 110 + n * 360
        picture.paste(cloth, (x, 150))
        for peg_x in (x + 30, x + 270):
            draw.rectangle((peg_x - 8, 135, peg_x + 8, 175), fill="#8d6e63")


def draw_batik_detail(picture, draw):
    picture.paste(kawung(picture.size, "#1a237e", "#8d6e63", "#fff3e0", step=160))


def draw_bus(picture, draw):
    shades = ["#f5e6c8", "#d7ccc8", "#c5e1a5", "#ffe0b2", "#cfd8dc"]
    for n, x in enumerate(range(0, 1600, 220)):
        top = 260 + (n * 53) % 140
        draw.rectangle((x, top, x + 200, 660), fill=shades[n % len(shades)])
        for wy in range(top + 30, 620, 70):
            draw.rectangle((x + 30, wy, x + 80, wy + 40), fill="#90a4ae")
            draw.rectangle((x + 120, wy, x + 170, wy + 40), fill="#90a4ae")
    draw.rectangle((0, 660, 1600, 700), fill="#bdbdbd")
    band(picture, (0, 700, 1600, 1000), "#5a5a5a", "#3c3c3c")
    for x in range(0, 1600, 200):
        draw.rectangle((x, 900, x + 110, 914), fill="#fafafa")
    draw.rounded_rectangle((260, 420, 1240, 800), radius=40, fill="#1e6fd9")
    draw.rectangle((260, 700, 1240, 730), fill="#fbc02d")
    for x in range(320, 1040, 150):
        draw.rounded_rectangle((x, 470, x + 120, 590), radius=12, fill="#cfe6ff")
    draw.rounded_rectangle((1060, 460, 1200, 690), radius=12, fill="#cfe6ff")
    draw.rectangle((1070, 400, 1190, 456), fill="#263238")
    label(draw, (1130, 428), "4", 44, fill="#ffca28")
    for wheel_x in (440, 1060):
        draw.ellipse((wheel_x - 75, 730, wheel_x + 75, 880), fill="#212121")
        draw.ellipse((wheel_x - 30, 775, wheel_x + 30, 835), fill="#9e9e9e")
    draw.rectangle((1432, 420, 1444, 700), fill="#616161")
    draw.rounded_rectangle((1370, 400, 1510, 470), radius=10, fill="#00897b")
    label(draw, (1440, 435), "HALTE", 34)


def boat(draw, x, y, scale, hull, stripe):
    s = scale
    draw.line((x, y - 210 * s, x, y), fill="#4e342e", width=max(2, int(8 * s)))
    draw.polygon(
        [(x - 180 * s, y), (x + 180 * s, y), (x + 130 * s, y + 70 * s), (x - 130 * s, y + 70 * s)],
        fill=hull,
    )
    draw.rectangle((x - 165 * s, y + 10 * s, x + 165 * s, y + 24 * s), fill=stripe)
    draw.rectangle((x - 60 * s, y - 60 * s, x + 40 * s, y), fill="#fff8e1")


def draw_boats(picture, draw):
    draw.ellipse((640, 440, 960, 760), fill="#ffd180")
    band(picture, (0, 600, 1600, 1000), "#3b6e99", "#173a5e")
    for y in range(620, 1000, 28):
        half = 40 + (y - 600) // 2
        draw.line((800 - half, y, 800 + half, y), fill="#f6c177", width=4)
    boat(draw, 300, 690, 0.8, "#c62828", "#fdd835")
    boat(draw, 1250, 660, 0.6, "#2e7d32", "#fafafa")
    boat(draw, 560, 820, 1.2, "#1565c0", "#ff7043")
    boat(draw, 1150, 860, 1.0, "#f9a825", "#1b5e20")


def draw_library(picture, draw):
    draw.rectangle((520, 40, 1080, 130), fill="#3e2723")
    label(draw, (800, 85), "PERPUSTAKAAN", 56, fill="#ffe082")
    band(picture, (0, 900, 1600, 1000), "#a1887f", "#8d6e63")
    books = ["#c62828", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00"]
    spines = Random(7)
    for left in (80, 580, 1080):
        draw.rectangle((left, 200, left + 440, 900), fill="#6d4c41")
        for shelf_top in range(220, 880, 170):
            x = left + 20
            while x < left + 400:
                width, height = spines.randrange(18, 40), spines.randrange(100, 140)
                draw.rectangle(
                    (x, shelf_top + 150 - height, x + width, shelf_top + 150),
                    fill=spines.choice(books),
                )
                x += width + 3
            draw.rectangle((left, shelf_top + 150, left + 440, shelf_top + 166), fill="#4e342e")
    for x in (330, 800, 1270):
        draw.line((x, 0, x, 150), fill="#424242", width=4)
        draw.pieslice((x - 60, 120, x + 60, 240), 180, 360, fill="#fbc02d")


def draw_rice(picture, draw):
    draw.polygon([(0, 560), (320, 330), (640, 560)], fill="#7986a8")
    draw.polygon([(420, 560), (900, 250), (1380, 560)], fill="#5c6b8e")
    draw.polygon([(1100, 560), (1400, 380), (1600, 480), (1600, 560)], fill="#7986a8")
    golds = ["#e6b422", "#d4a017", "#c9a227", "#b8901a"]
    for n, y in enumerate(range(540, 1000, 90)):
        draw.rectangle((0, y, 1600, y + 90), fill=golds[n % len(golds)])
        draw.line((0, y, 1600, y), fill="#7c6a12", width=6)
    stalks = Random(3)
    for _ in range(500):
        x, y = stalks.randrange(0, 1600), stalks.randrange(560, 1000)
        draw.line((x, y, x + 6, y - 24), fill="#8d7b14", width=3)
    # Farmers in conical caping hats, bent over the rice.
    for x, y, shirt in ((420, 760, "#1565c0"), (980, 700, "#c62828"), (1240, 860, "#2e7d32")):
        draw.rounded_rectangle((x - 40, y, x + 40, y + 110), radius=18, fill=shirt)
        draw.ellipse((x - 22, y - 34, x + 22, y + 10), fill="#a1755a")
        draw.polygon([(x - 95, y - 14), (x + 95, y - 14), (x, y - 70)], fill="#e8cf8f")


def draw_football(picture, draw):
    draw.rectangle((0, 520, 1600, 600), fill="#263238")
    for x in (120, 1480):
        draw.rectangle((x - 8, 180, x + 8, 600), fill="#90a4ae")
        draw.rectangle((x - 70, 150, x + 70, 200), fill="#fffde7")
    for n, y in enumerate(range(600, 1000, 50)):
        draw.rectangle((0, y, 1600, y + 50), fill="#2e7d32" if n % 2 else "#388e3c")
    for x in range(600, 1000, 30):
        draw.line((x, 430, x, 640), fill="#c8e6c9", width=2)
    for y in range(430, 640, 30):
        draw.line((600, y, 1000, y), fill="#c8e6c9", width=2)
    draw.line((600, 640, 600, 430, 1000, 430, 1000, 640), fill="white", width=12)
    draw.line((300, 640, 1300, 640), fill="white", width=6)
    draw.line((420, 640, 360, 780, 1240, 780, 1180, 640), fill="white", width=6)
    draw.ellipse((760, 830, 840, 910), fill="white")
    draw.regular_polygon((800, 870, 16), 5, fill="#212121")


def draw_waste_bank(picture, draw):
    band(picture, (0, 640, 1600, 1000), "#8bc34a", "#689f38")
    draw.rectangle((560, 300, 1260, 640), fill="#eceff1")
    draw.polygon([(520, 300), (910, 200), (1300, 300)], fill="#455a64")
    draw.rectangle((620, 330, 1200, 420), fill="#2e7d32")
    label(draw, (910, 375), "BANK SAMPAH", 60)
    for x in (180, 1400):
        draw.rectangle((x - 20, 420, x + 20, 700), fill="#6d4c41")
        draw.ellipse((x - 150, 220, x + 150, 500), fill="#43a047")
    for x, colour in ((560, "#2e7d32"), (800, "#f9a825"), (1040, "#c62828")):
        draw.rounded_rectangle((x - 90, 640, x + 90, 900), radius=16, fill=colour)
        draw.rectangle((x - 105, 620, x + 105, 660), fill="#37474f")


SCENES = {
    "market": (("#f6c28b", "#fdebd3"), draw_market),
    "flood_drill": (("#5f6b75", "#aeb8c2"), draw_flood_drill),
    "robot": (("#e8eef3", "#c9d6df"), draw_robot),
    "batik": (("#64b5f6", "#e3f2fd"), draw_batik),
    "batik_detail": (("#1a237e", "#1a237e"), draw_batik_detail),
    "bus": (("#4a90d9", "#d6ecff"), draw_bus),
    "boats": (("#5b6fa8", "#f9b26b"), draw_boats),
    "library": (("#f3e9d8", "#e0cfb3"), draw_library),
    "rice": (("#7fb8e6", "#eaf5ff"), draw_rice),
    "football": (("#1c2a4a", "#e07a5f"), draw_football),
    "waste_bank": (("#81c7f5", "#e1f5fe"), draw_waste_bank),
}


def draw_scene(scene, size=PHOTO_SIZE):
    (sky_top, sky_bottom), draw = SCENES[scene]
    picture = gradient(size, sky_top, sky_bottom)
    draw(picture, ImageDraw.Draw(picture))
    return picture


def draw_portrait(name, colour):
    picture = gradient(PORTRAIT_SIZE, "#eceff1", "#cfd8dc")
    draw = ImageDraw.Draw(picture)
    draw.ellipse((40, 40, 560, 560), fill=colour)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    if font(220) is not None:
        label(draw, (300, 300), initials, 220)
    else:
        draw.ellipse((210, 130, 390, 310), fill="#f5f5f5")
        draw.pieslice((130, 330, 470, 670), 180, 360, fill="#f5f5f5")
    return picture


def jpeg_bytes(picture):
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
