"""Fill the example site with a small Indonesian newsroom and its English edition:
`manage.py load_demo_content`.

Everything here is fictional: the city of Tirtasari, its people and its news. The
photos are drawn with Pillow when the command runs, so nothing is downloaded and
no binary files ship with the example site. The English edition (``demo_english``)
translates the home page, the sections, the authors and four articles.

Running the command again changes nothing: pages are found by slug, authors by
slug, translations by their original, images by title and users by username.
"""

from collections import Counter
from datetime import datetime, time, timedelta
from io import BytesIO
from typing import NamedTuple
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home import demo_english
from home.demo_pictures import BODY_PHOTO_SIZE, PHOTO_SIZE, draw_portrait, draw_scene, jpeg_bytes
from home.models import HomePage
from newsplugin.models import (
    ArticleAuthor,
    ArticleComment,
    ArticlePage,
    Author,
    ModerationStatus,
    NewsIndexPage,
)
from newsplugin.pictures import PICTURE_SIZES, SHARE_IMAGE_SPECS

SITE_NAME = "Kabar Nusantara"
SITE_URL = "http://127.0.0.1:8000/"
# Hosts of a site record this command may point at where `make run` serves.
LOCAL_HOSTS = {"localhost", "127.0.0.1"}

HOME = {
    "title": SITE_NAME,
    "slug": "kabar-nusantara",
    "intro": (
        "<p>Berita lokal dari Kota Tirtasari dan sekitarnya. Ini situs contoh newsplugin: "
        "semua berita, nama, dan foto di dalamnya fiktif.</p>"
    ),
}

NEWS_INDEX = {
    "title": "Berita",
    "slug": "berita",
    "intro": (
        "<p>Kabar terbaru dari pasar, pesisir, sekolah, sawah, dan lapangan bola Tirtasari.</p>"
    ),
}

# The sections under Berita (slug, title, parent slug or None), parents first.
SECTIONS = [
    ("kota", "Kota", None),
    ("lingkungan", "Lingkungan", "kota"),
    ("ekonomi", "Ekonomi", None),
    ("pendidikan", "Pendidikan", None),
    ("budaya", "Budaya", None),
    ("olahraga", "Olahraga", None),
]
ARTICLE_SECTIONS = {
    "renovasi-pasar-rejosari-dimulai": "kota",
    "trans-tirta-buka-koridor-4": "kota",
    "simulasi-peringatan-dini-banjir-kali-jernih": "lingkungan",
    "bank-sampah-kedungrejo-dua-ton-plastik": "lingkungan",
    "koperasi-nelayan-tanjung-biru-gudang-pendingin": "ekonomi",
    "panen-raya-sumberagung-irigasi-baru": "ekonomi",
    "tim-robotik-sman-2-tirtasari-ke-tingkat-nasional": "pendidikan",
    "perpustakaan-daerah-tirtasari-buka-malam": "pendidikan",
    "festival-batik-pesisir-tirtasari": "budaya",
    "persitir-tirtasari-promosi-adu-penalti": "olahraga",
}

# Demo passwords are fixed so that the README can name them; never use them on a real site.
USERS = [
    {"username": "admin", "password": "admin-demo-2026", "superuser": True, "groups": [],
     "does": "everything"},
    {
        "username": "editor",
        "password": "editor-demo-2026",
        "superuser": False,
        # Wagtail's "Editors" write and submit pages; its "Moderators" may publish them,
        # so the demo editor publishes what they write (a newsroom may split the roles).
        "groups": ["Editors", "Moderators"],
        "does": "writes and publishes articles",
    },
    {
        "username": "moderator",
        "password": "moderator-demo-2026",
        "superuser": False,
        # Reader comments only: Wagtail's page "Moderators" is another group.
        "groups": ["Comment moderators"],
        "does": "approves, rejects or marks reader comments as spam",
    },
]

# Reader comments waiting for the demo moderator: (article slug, name, email, text).
PENDING_COMMENTS = [
    (
        "renovasi-pasar-rejosari-dimulai",
        "Sri Handayani",
        "sri.handayani@example.com",
        "Semoga pedagang lama tetap dapat kios di tempat yang sama setelah renovasi.",
    ),
    (
        "renovasi-pasar-rejosari-dimulai",
        "Bambang",
        "bambang@example.com",
        "Parkirnya bagaimana selama pembangunan? Sekarang saja sudah penuh tiap pagi.",
    ),
    (
        "simulasi-peringatan-dini-banjir-kali-jernih",
        "Wulan",
        "wulan@example.com",
        "Sirene di RW 05 tidak terdengar waktu simulasi. Mohon dicek.",
    ),
    (
        "simulasi-peringatan-dini-banjir-kali-jernih",
        "Promo Murah",
        "promo@spam.example",
        "Pinjaman cepat tanpa agunan! Kunjungi https://pinjam.example dan https://cepat.example",
    ),
    (
        "tim-robotik-sman-2-tirtasari-ke-tingkat-nasional",
        "Agus Setiawan",
        "agus.setiawan@example.com",
        "Selamat untuk tim robotik! Bangga jadi alumni SMAN 2.",
    ),
]

AUTHORS = [
    {
        "slug": "rina-wulandari",
        "name": "Rina Wulandari",
        "bio": "Wartawan ekonomi dan perkotaan. Sejak 2016 meliput pasar, usaha kecil, "
        "dan kebijakan Pemerintah Kota Tirtasari.",
        "colour": "#c8553d",
    },
    {
        "slug": "dimas-prasetyo",
        "name": "Dimas Prasetyo",
        "bio": "Meliput lingkungan, kebencanaan, dan transportasi. Gemar bersepeda "
        "menyusuri bantaran Kali Jernih pada akhir pekan.",
        "colour": "#2a7f8f",
    },
    {
        "slug": "ayu-lestari",
        "name": "Ayu Lestari",
        "bio": "Menulis tentang pendidikan, budaya, dan olahraga. Sebelum menjadi "
        "wartawan, ia mengajar bahasa Indonesia di sebuah SMP di Tirtasari.",
        "colour": "#6a4c93",
    },
]


class Photo(NamedTuple):
    """A picture drawn by ``scene``, with the words an editor would give it."""

    title: str
    scene: str
    caption: str
    alt: str
    credit: str


class Quote(NamedTuple):
    text: str
    attribution: str


# Newest first, as on a front page. Body items: a str is a paragraph.
ARTICLES = [
    {
        "slug": "renovasi-pasar-rejosari-dimulai",
        "title": "Renovasi Pasar Rejosari Dimulai, Pedagang Pindah ke Pasar Sementara",
        "standfirst": "Sekitar 400 pedagang menempati los darurat di Lapangan Rejosari "
        "selama delapan bulan pembangunan gedung pasar baru.",
        "published": (2, "07:30"),
        "authors": ["rina-wulandari"],
        "tags": ["ekonomi", "perkotaan", "pasar"],
        "photo": Photo(
            "Pasar Rejosari sebelum renovasi",
            "market",
            "Kios pedagang di Pasar Rejosari pada pekan terakhir sebelum renovasi.",
            "Deretan kios pasar beratap kain bergaris merah dan putih di depan gedung pasar "
            "tua berpapan nama Pasar Rejosari.",
            "Rina Wulandari/Kabar Nusantara",
        ),
        "body": [
            "Pemerintah Kota Tirtasari memulai renovasi Pasar Rejosari, pasar tradisional "
            "terbesar di kota itu, kemarin. Gedung pasar yang dibangun pada 1980-an akan diganti "
            "bangunan dua lantai dengan sirkulasi udara dan saluran air yang lebih baik.",
            "Selama pembangunan, sekitar 400 pedagang menempati los sementara di Lapangan "
            "Rejosari, kira-kira 300 meter dari lokasi lama. Los dibagi menurut jenis "
            "dagangan: sayur dan bumbu di sisi utara, daging dan ikan di sisi selatan.",
            Quote(
                "Awalnya kami khawatir pembeli tidak mau datang ke lapangan. Ternyata hari "
                "pertama sudah ramai, asal tempatnya tidak becek.",
                "Siti Aminah, pedagang sayur",
            ),
            "Kepala Dinas Perdagangan Kota Tirtasari, Yohanes Hartono, mengatakan setiap "
            "pedagang lama dijamin mendapat kios di gedung baru dengan ukuran yang sama. "
            "Pembagian kios akan diundi secara terbuka di hadapan paguyuban pedagang.",
            "Pembangunan ditargetkan selesai dalam delapan bulan. Pengendara diimbau "
            "menghindari Jalan Rejosari pada pagi hari karena truk pengangkut material "
            "keluar-masuk lokasi proyek.",
        ],
        # Shown first in More From Author: another author's story, then an outside page.
        "pins": [
            ("article", "trans-tirta-buka-koridor-4"),
            (
                "link",
                {
                    "url": "https://example.org/tirtasari/denah-pasar-sementara-rejosari",
                    "title": "Denah los pasar sementara di Lapangan Rejosari",
                },
            ),
        ],
    },
    {
        "slug": "simulasi-peringatan-dini-banjir-kali-jernih",
        "title": "Warga Bantaran Kali Jernih Ikuti Simulasi Peringatan Dini Banjir",
        "standfirst": "Empat sirene baru diuji bersamaan. Warga diminta mengenali bunyi "
        "tanda bahaya dan jalur evakuasi terdekat dari rumah mereka.",
        "published": (4, "09:10"),
        "authors": ["dimas-prasetyo", "rina-wulandari"],
        "tags": ["kebencanaan", "lingkungan"],
        "photo": Photo(
            "Menara sirene di bantaran Kali Jernih",
            "flood_drill",
            "Petugas BPBD memandu warga menjauhi bantaran Kali Jernih saat simulasi pagi tadi.",
            "Menara sirene di tepi sungai berarus deras di bawah langit mendung dan hujan, "
            "dengan beberapa orang berompi oranye di tepian.",
            "Dimas Prasetyo/Kabar Nusantara",
        ),
        "body": [
            "Ratusan warga di bantaran Kali Jernih mengikuti simulasi peringatan dini banjir "
            "yang digelar Badan Penanggulangan Bencana Daerah (BPBD) Kota Tirtasari, pagi "
            "tadi. Simulasi itu menguji empat sirene baru yang dipasang di sepanjang sungai.",
            "Begitu sirene berbunyi, warga dari tiga kelurahan bergerak ke titik kumpul di "
            "halaman masjid dan sekolah dasar terdekat. Petugas mencatat waktu evakuasi "
            "rata-rata 12 menit, lebih cepat dari target 15 menit.",
            Quote(
                "Bunyi sirene harus dikenali semua orang, termasuk anak-anak dan lansia. "
                "Latihan seperti ini yang membuat warga tidak panik saat air benar-benar naik.",
                "Teguh Wibowo, Kepala Pelaksana BPBD Kota Tirtasari",
            ),
            "Sirene terhubung dengan alat pengukur tinggi muka air di hulu sungai. Bila air "
            "melewati batas siaga, sirene berbunyi otomatis dan pesan singkat dikirim ke "
            "ketua RT di kawasan rawan banjir.",
            "Sejumlah warga meminta jalur evakuasi diberi penerangan karena banjir besar "
            "terakhir datang pada malam hari. BPBD berjanji memasang lampu tenaga surya di "
            "jalur itu sebelum puncak musim hujan.",
        ],
    },
    {
        "slug": "tim-robotik-sman-2-tirtasari-ke-tingkat-nasional",
        "title": "Tim Robotik SMA Negeri 2 Tirtasari Melaju ke Kompetisi Nasional",
        "standfirst": "Robot pemilah sampah buatan lima siswa kelas XI menjadi juara tingkat "
        "provinsi dan akan bertanding di Jakarta bulan depan.",
        "published": (6, "14:45"),
        "authors": ["ayu-lestari"],
        "tags": ["pendidikan", "teknologi"],
        "photo": Photo(
            "Robot pemilah sampah Garuda Robotik",
            "robot",
            "Robot pemilah sampah buatan tim Garuda Robotik diuji di laboratorium sekolah.",
            "Robot kotak berwarna oranye dengan roda dan dua lengan di atas meja kerja, di "
            "depan papan bertuliskan Garuda Robotik.",
            "Ayu Lestari/Kabar Nusantara",
        ),
        "body": [
            "Tim Garuda Robotik dari SMA Negeri 2 Tirtasari meraih juara pertama kompetisi "
            "robotik pelajar tingkat provinsi akhir pekan lalu. Mereka mengungguli 38 tim lain "
            "dengan robot yang memilah botol plastik, kaleng, dan kertas memakai sensor warna "
            "dan berat.",
            "Robot itu dirakit selama empat bulan di laboratorium sekolah, sebagian dari "
            "komponen bekas. Rangkanya dibuat dari pipa aluminium sisa bengkel, sedangkan "
            "pengendalinya diprogram para siswa sepulang sekolah.",
            Quote(
                "Kami sering gagal. Pernah robotnya malah membuang kaleng ke kotak kertas, "
                "tepat saat latihan di depan kepala sekolah.",
                "Nadia Putri, kapten tim Garuda Robotik",
            ),
            "Guru pembimbing tim, Andi Firmansyah, mengatakan gagasan robot pemilah sampah "
            "muncul setelah para siswa berkunjung ke bank sampah di Kelurahan Kedungrejo.",
            "Tim akan mewakili provinsi pada kompetisi nasional di Jakarta bulan depan. "
            "Komite sekolah tengah menggalang dana untuk ongkos perjalanan dan pengiriman robot.",
        ],
    },
    {
        "slug": "festival-batik-pesisir-tirtasari",
        "title": "Festival Batik Pesisir Tirtasari Tampilkan Motif Karya Perajin Muda",
        "standfirst": "Lebih dari 60 perajin memamerkan batik tulis dan cap, termasuk motif "
        "baru yang terinspirasi perahu nelayan dan hutan bakau.",
        "published": (8, "16:20"),
        "authors": ["ayu-lestari", "rina-wulandari"],
        "tags": ["budaya", "batik", "UMKM"],
        "photo": Photo(
            "Kain batik di alun-alun Tirtasari",
            "batik",
            "Kain batik tulis karya perajin muda dibentangkan di alun-alun Tirtasari.",
            "Lembaran kain batik bermotif biru, cokelat, dan merah tergantung berjajar pada "
            "tali di bawah langit cerah.",
            "Ayu Lestari/Kabar Nusantara",
        ),
        "body": [
            "Festival Batik Pesisir yang digelar tiga hari di alun-alun Tirtasari berakhir "
            "hari ini. Panitia mencatat lebih dari 60 perajin dari Tirtasari dan kabupaten "
            "sekitarnya ikut memamerkan karya mereka.",
            "Tahun ini panitia menyediakan ruang khusus bagi perajin berusia di bawah 30 "
            "tahun. Salah satunya Dewi Anggraini, 24 tahun, yang memperkenalkan motif Jala "
            "Bakau: perpaduan garis jala nelayan dan daun bakau dalam warna biru tua dan "
            "cokelat soga.",
            Photo(
                "Motif Jala Bakau karya Dewi Anggraini",
                "batik_detail",
                "Detail motif Jala Bakau karya Dewi Anggraini.",
                "Pola batik berulang berupa lingkaran kawung cokelat dan krem di atas kain "
                "biru tua.",
                "Rina Wulandari/Kabar Nusantara",
            ),
            Quote(
                "Batik pesisir itu berani warnanya. Saya ingin anak muda melihat bahwa motif "
                "lama bisa bercerita tentang kampung kita hari ini.",
                "Dewi Anggraini, perajin batik",
            ),
            "Selain pameran, pengunjung dapat mengikuti kelas membatik dengan canting. Kelas "
            "berkapasitas 30 orang itu penuh dalam hitungan jam setelah pendaftaran dibuka.",
            "Dinas Koperasi dan UMKM memperkirakan transaksi selama festival mencapai Rp1,2 "
            "miliar. Panitia ingin menjadikan festival ini agenda tahunan kota.",
        ],
    },
    {
        "slug": "trans-tirta-buka-koridor-4",
        "title": "Trans Tirta Buka Koridor 4, Hubungkan Terminal Kota dengan Kawasan Kampus",
        "standfirst": "Bus koridor baru datang setiap 15 menit pada jam sibuk dengan tarif "
        "Rp3.500, dan gratis bagi pelajar berseragam selama bulan pertama.",
        "published": (10, "06:50"),
        "authors": ["dimas-prasetyo"],
        "tags": ["transportasi", "perkotaan"],
        "photo": Photo(
            "Bus Trans Tirta Koridor 4",
            "bus",
            "Bus Trans Tirta Koridor 4 melintas di Jalan Veteran pada hari pertama operasi.",
            "Bus kota berwarna biru bernomor 4 melaju di jalan beraspal di bawah langit "
            "cerah, dengan rambu halte di tepi jalan.",
            "Dimas Prasetyo/Kabar Nusantara",
        ),
        "body": [
            "Layanan bus Trans Tirta resmi membuka Koridor 4 yang menghubungkan Terminal "
            "Kota Tirtasari dengan kawasan kampus di Jalan Veteran. Rute sepanjang 14 "
            "kilometer itu melewati 22 halte, termasuk Pasar Rejosari dan RSUD Tirtasari.",
            "Sepuluh bus berukuran sedang beroperasi mulai pukul 05.30 hingga 21.00. Pada "
            "jam sibuk pagi dan sore, bus dijadwalkan tiba di setiap halte tiap 15 menit.",
            "Kepala Dinas Perhubungan Kota Tirtasari, Agus Santoso, mengatakan koridor ini "
            "dibuka setelah survei menunjukkan banyak mahasiswa dan pedagang pasar bergantung "
            "pada angkutan kota yang jadwalnya tidak menentu.",
            Quote(
                "Kami ingin warga punya pilihan selain sepeda motor. Kalau busnya tepat "
                "waktu, orang akan mau pindah.",
                "Agus Santoso, Kepala Dinas Perhubungan Kota Tirtasari",
            ),
            "Pengemudi angkutan kota di rute yang sama ditawari bergabung sebagai pengemudi "
            "Trans Tirta. Hingga pekan lalu, 18 pengemudi angkot telah mengikuti pelatihan.",
        ],
    },
    {
        "slug": "koperasi-nelayan-tanjung-biru-gudang-pendingin",
        "title": "Koperasi Nelayan Tanjung Biru Buka Gudang Pendingin Sendiri",
        "standfirst": "Dengan gudang berkapasitas 20 ton, nelayan tak lagi terpaksa menjual "
        "tangkapan dengan harga murah saat ikan melimpah.",
        "published": (12, "10:05"),
        "authors": ["rina-wulandari"],
        "tags": ["ekonomi", "pesisir"],
        "photo": Photo(
            "Perahu nelayan Tanjung Biru",
            "boats",
            "Perahu nelayan Tanjung Biru bersandar menjelang matahari terbit.",
            "Beberapa perahu kayu bercat warna-warni di laut tenang saat matahari terbit "
            "di cakrawala.",
            "Rina Wulandari/Kabar Nusantara",
        ),
        "body": [
            "Koperasi Mina Bahari di Kampung Nelayan Tanjung Biru meresmikan gudang "
            "pendingin berkapasitas 20 ton, kemarin. Gudang itu dibangun dari simpanan anggota "
            "dan dana pinjaman bergulir koperasi yang dikumpulkan selama empat tahun.",
            "Selama ini nelayan harus menjual hasil tangkapan pada hari yang sama kepada "
            "tengkulak. Saat musim ikan tongkol, harga di dermaga bisa jatuh hingga separuh "
            "karena tidak ada tempat untuk menyimpan ikan.",
            Quote(
                "Kalau ikan bisa disimpan beberapa hari, kami yang menentukan kapan menjual, "
                "bukan pasar.",
                "Rahmat Hidayat, Ketua Koperasi Mina Bahari",
            ),
            "Koperasi kini beranggotakan 142 nelayan. Anggota dapat menitipkan ikan di gudang "
            "dengan biaya sewa per kilogram, lalu menjualnya melalui koperasi ke rumah makan "
            "dan pasar di dalam kota.",
            "Pengurus berencana membeli mesin pembuat es balok tahun depan agar nelayan tidak "
            "perlu lagi membeli es dari luar kampung sebelum melaut.",
        ],
    },
    {
        "slug": "perpustakaan-daerah-tirtasari-buka-malam",
        "title": "Perpustakaan Daerah Tirtasari Kini Buka hingga Pukul 21.00",
        "standfirst": "Layanan malam diuji coba selama tiga bulan bagi pelajar dan pekerja "
        "yang tidak sempat berkunjung pada siang hari.",
        "published": (14, "19:40"),
        "authors": ["ayu-lestari"],
        "tags": ["pendidikan", "literasi"],
        "photo": Photo(
            "Ruang baca Perpustakaan Daerah Tirtasari",
            "library",
            "Rak buku di ruang baca utama Perpustakaan Daerah Tirtasari pada malam pertama "
            "uji coba.",
            "Deretan rak kayu penuh buku berwarna-warni di bawah lampu gantung, dengan papan "
            "bertuliskan Perpustakaan.",
            "Ayu Lestari/Kabar Nusantara",
        ),
        "body": [
            "Perpustakaan Daerah Tirtasari memperpanjang jam layanan hingga pukul 21.00 mulai "
            "pekan ini. Sebelumnya perpustakaan tutup pukul 16.00 pada hari kerja dan tidak "
            "buka pada akhir pekan.",
            "Pada malam pertama, petugas mencatat 186 pengunjung. Sebagian besar pelajar SMA "
            "yang mengerjakan tugas kelompok dan mahasiswa yang memanfaatkan ruang baca "
            "berpendingin serta internet gratis.",
            Quote(
                "Saya kerja sampai sore di toko. Baru sekarang bisa meminjam buku lagi tanpa "
                "harus izin dari tempat kerja.",
                "Wahyu Setiawan, pengunjung perpustakaan",
            ),
            "Kepala Perpustakaan Daerah, Sri Handayani, mengatakan jika pengunjung malam "
            "stabil di atas seratus orang, jam layanan baru akan dipermanenkan dan diperluas "
            "ke hari Sabtu.",
        ],
    },
    {
        "slug": "panen-raya-sumberagung-irigasi-baru",
        "title": "Petani Sumberagung Panen Raya, Hasil Gabah Naik Berkat Irigasi Baru",
        "standfirst": "Saluran irigasi yang rampung tahun lalu membuat sawah di lereng "
        "Sumberagung bisa ditanami tiga kali setahun.",
        "published": (16, "08:00"),
        "authors": ["dimas-prasetyo"],
        "tags": ["pertanian", "ekonomi"],
        "photo": Photo(
            "Sawah menguning di Sumberagung",
            "rice",
            "Hamparan sawah menguning di lereng Desa Sumberagung menjelang panen raya.",
            "Sawah padi menguning bertingkat dengan petani bercaping dan pegunungan biru di "
            "kejauhan.",
            "Dimas Prasetyo/Kabar Nusantara",
        ),
        "body": [
            "Petani di Desa Sumberagung, Kecamatan Tirtasari Selatan, memulai panen raya padi "
            "musim tanam kedua pekan ini. Kelompok tani setempat memperkirakan hasil gabah "
            "kering panen mencapai 6,8 ton per hektare, naik dari 5,5 ton pada musim yang "
            "sama tahun lalu.",
            "Kenaikan itu dikaitkan dengan saluran irigasi sepanjang 3,2 kilometer yang "
            "mengalirkan air dari Bendung Kali Jernih. Sebelumnya, sawah di bagian atas "
            "lereng hanya mengandalkan hujan dan sering dibiarkan kosong saat kemarau.",
            Quote(
                "Dulu kami cuma panen dua kali, itu pun sering gagal di musim kemarau. "
                "Sekarang air datang tepat waktu.",
                "Suparman, Ketua Kelompok Tani Sri Rejeki",
            ),
            "Meski hasil membaik, petani mengeluhkan harga gabah yang turun menjelang panen "
            "raya. Di penggilingan, gabah kering panen dihargai Rp6.200 per kilogram, lebih "
            "rendah dari harapan petani.",
            "Dinas Pertanian Kota Tirtasari akan membeli sebagian gabah untuk cadangan pangan "
            "daerah agar harga tidak terus turun. Pembelian dimulai setelah pendataan luas "
            "panen rampung akhir bulan ini.",
        ],
    },
    {
        "slug": "persitir-tirtasari-promosi-adu-penalti",
        "title": "Persitir Tirtasari Naik Kasta Setelah Menang Adu Penalti",
        "standfirst": "Ribuan pendukung memadati Stadion Bumi Tirta saat kiper muda Fajar "
        "Nugroho menepis dua tendangan penalti di laga final.",
        "published": (19, "21:15"),
        "authors": ["dimas-prasetyo", "ayu-lestari"],
        "tags": ["olahraga", "sepak bola"],
        "photo": Photo(
            "Stadion Bumi Tirta saat final",
            "football",
            "Lampu Stadion Bumi Tirta menyala saat adu penalti laga final dimulai.",
            "Lapangan sepak bola hijau bergaris dengan gawang putih dan bola di titik "
            "penalti, di bawah langit senja dan tiang lampu stadion.",
            "Ayu Lestari/Kabar Nusantara",
        ),
        "body": [
            "Persitir Tirtasari memastikan promosi setelah mengalahkan PS Karangwangi lewat "
            "adu penalti 4-2 dalam laga final malam ini. Kedua tim bermain imbang 1-1 hingga "
            "perpanjangan waktu berakhir.",
            "Gol Persitir dicetak gelandang Rizky Ramadhan pada menit ke-38 lewat sundulan "
            "menyambut sepak pojok. Tim tamu menyamakan kedudukan sepuluh menit menjelang "
            "waktu normal usai.",
            Quote(
                "Anak-anak ini berlatih di lapangan yang becek hampir sepanjang musim. "
                "Kemenangan ini milik seluruh warga Tirtasari.",
                "Bambang Sutrisno, pelatih Persitir Tirtasari",
            ),
            "Sorotan tertuju pada Fajar Nugroho, kiper berusia 19 tahun yang baru dua bulan "
            "menjadi pilihan utama. Ia menepis tendangan penendang kedua dan keempat lawan, "
            "lalu diarak rekan-rekannya mengelilingi lapangan.",
            "Manajemen klub akan memperbaiki drainase lapangan latihan sebelum musim baru. "
            "Pemerintah kota menjanjikan bantuan untuk memperbaiki atap tribun timur yang bocor.",
        ],
    },
    {
        "slug": "bank-sampah-kedungrejo-dua-ton-plastik",
        "title": "Bank Sampah Kedungrejo Kumpulkan Dua Ton Plastik dalam Sebulan",
        "standfirst": "Warga menukar botol dan kemasan plastik dengan saldo tabungan untuk "
        "membayar iuran kebersihan atau membeli sembako.",
        "published": (21, "11:30"),
        "authors": ["rina-wulandari"],
        "tags": ["lingkungan", "kelurahan"],
        "photo": Photo(
            "Tempat sampah terpilah di Kedungrejo",
            "waste_bank",
            "Tempat sampah terpilah di halaman Bank Sampah Kedungrejo.",
            "Tiga tong sampah hijau, kuning, dan merah berjajar di halaman di bawah "
            "pepohonan, di depan papan Bank Sampah.",
            "Rina Wulandari/Kabar Nusantara",
        ),
        "body": [
            "Bank sampah yang dikelola ibu-ibu PKK Kelurahan Kedungrejo mencatat setoran "
            "hampir dua ton sampah plastik sepanjang bulan lalu, tiga kali lipat dibanding "
            "saat pertama kali dibuka awal tahun.",
            "Setiap Sabtu pagi, warga datang membawa karung berisi botol, gelas plastik, dan "
            "kardus yang sudah dipilah dari rumah. Petugas menimbang setoran, lalu mencatat "
            "nilainya di buku tabungan setiap nasabah.",
            Quote(
                "Dulu sampah plastik dibakar di pekarangan. Sekarang anak-anak malah berebut "
                "mengumpulkan botol karena tahu ada nilainya.",
                "Sumarni, pengurus Bank Sampah Kedungrejo",
            ),
            "Saldo tabungan dapat dipakai membayar iuran kebersihan, ditukar beras dan minyak "
            "goreng, atau diambil tunai menjelang Lebaran.",
            "Dinas Lingkungan Hidup Kota Tirtasari berencana menjadikan Kedungrejo percontohan "
            "bagi kelurahan lain. Menurut dinas, sampah dari kelurahan itu yang masuk ke "
            "tempat pembuangan akhir turun sekitar 15 persen.",
        ],
    },
]


# Content ---------------------------------------------------------------------------------


def get_or_create_image(title, draw, created):
    """The Wagtail image called ``title``, drawn and saved if it does not exist yet."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        data = jpeg_bytes(draw())
        image = image_model(
            title=title,
            file=ImageFile(BytesIO(data), name=f"{slugify(title)}.jpg"),
            file_size=len(data),
        )
        image.save()
        created["images"] += 1
    return image


def photo_image(photo, created, size=PHOTO_SIZE):
    return get_or_create_image(photo.title, lambda: draw_scene(photo.scene, size), created)


def publish(page):
    """Publish through a revision, as the admin does, so the page has a history."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_users(created):
    user_model = get_user_model()
    for spec in USERS:
        user = user_model.objects.filter(username=spec["username"]).first()
        if user is None:
            create = (
                user_model.objects.create_superuser
                if spec["superuser"]
                else user_model.objects.create_user
            )
            user = create(spec["username"], f"{spec['username']}@example.org", spec["password"])
            created["users"] += 1
        if spec["groups"]:
            groups = []
            for name in spec["groups"]:
                group, group_created = Group.objects.get_or_create(name=name)
                if group_created:
                    created["groups"] += 1
                groups.append(group)
            # Exactly these groups: an older demo put the moderator in page "Moderators".
            user.groups.set(groups)


def ensure_pending_comments(index, created):
    """A short queue for the demo moderator, as readers would have left it."""
    comment_type = ContentType.objects.get_for_model(ArticlePage)
    for slug, name, email, text in PENDING_COMMENTS:
        article = ArticlePage.objects.descendant_of(index).filter(slug=slug).first()
        if article is None:
            continue
        on_article = ArticleComment.objects.for_article(article)
        if on_article.filter(user_email=email, comment=text).exists():
            continue
        ArticleComment(
            content_type=comment_type,
            object_pk=str(article.pk),
            site_id=1,
            user_name=name,
            user_email=email,
            comment=text,
            ip_address="192.0.2.10",
            is_public=False,
            moderation_status=ModerationStatus.PENDING,
            moderation_rule="hold_all",
        ).save()
        created["pending comments"] += 1


def parse_site_url(value):
    """(hostname, port) of an http://host:port/ address on this machine, or CommandError."""
    parts = urlsplit(value)
    try:
        port = parts.port or 80
    except ValueError:
        port = None
    if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS or port is None:
        raise CommandError(
            f"--site-url must be an http:// address on 127.0.0.1 or localhost, not {value!r}."
        )
    return parts.hostname, port


def follow_site_url(site, hostname, port):
    """Point the demo's site record at the address the demo is served on.

    Only a site still on this machine moves, so a record an owner pointed at a
    real domain is left alone; canonical links, feeds and sitemaps then work.
    """
    if site.hostname in LOCAL_HOSTS and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        return True
    return False


def ensure_home(created):
    """The HomePage as the default site's root, replacing Wagtail's welcome page."""
    # One home page per language: adopt the default language's, whatever its slug.
    home = HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
    if home is None:
        home = HomePage(title=HOME["title"], slug=HOME["slug"], intro=HOME["intro"], live=False)
        Page.get_first_root_node().add_child(instance=home)
        home = publish(home)
        created["home page"] += 1

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname="localhost", port=80)
    if site.root_page_id != home.pk:
        # Only when the home page is new to the site: a later run keeps the owner's edits.
        site.root_page, site.site_name = home, SITE_NAME
        site.save()
        created["site"] += 1

    # Wagtail's migration makes a plain Page "Welcome to your new Wagtail site!" as the root.
    welcome = Page.objects.filter(
        depth=2,
        slug="home",
        content_type=ContentType.objects.get_for_model(Page),
        sites_rooted_here__isnull=True,
        numchild=0,
    )
    for page in welcome:
        page.delete()
    return home


def ensure_news_index(home, created):
    index = NewsIndexPage.objects.child_of(home).filter(slug=NEWS_INDEX["slug"]).first()
    if index is None:
        index = NewsIndexPage(live=False, **NEWS_INDEX)
        home.add_child(instance=index)
        index = publish(index)
        created["news index"] += 1
    return index


def ensure_sections(index, created):
    """{slug: section}: the news indexes under Berita, created once."""
    sections = {}
    for slug, title, parent_slug in SECTIONS:
        parent = sections[parent_slug] if parent_slug else index
        section = NewsIndexPage.objects.child_of(parent).filter(slug=slug).first()
        if section is None:
            section = NewsIndexPage(title=title, slug=slug, live=False)
            parent.add_child(instance=section)
            section = publish(section)
            created["sections"] += 1
        sections[slug] = section
    return sections


def portrait_title(author_spec):
    return f"Foto profil {author_spec['name']}"


def ensure_authors(created):
    authors = {}
    for spec in AUTHORS:
        author = Author.objects.filter(slug=spec["slug"], locale=Locale.get_default()).first()
        if author is None:
            photo = get_or_create_image(
                portrait_title(spec),
                lambda spec=spec: draw_portrait(spec["name"], spec["colour"]),
                created,
            )
            author = Author.objects.create(
                slug=spec["slug"], name=spec["name"], bio=spec["bio"], photo=photo
            )
            created["authors"] += 1
        authors[spec["slug"]] = author
    return authors


def published_at(days_ago, clock):
    """A moment ``days_ago`` days before today, at ``clock`` (HH:MM) local time."""
    hour, minute = map(int, clock.split(":"))
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def body_blocks(items, created):
    blocks = []
    for item in items:
        if isinstance(item, Quote):
            blocks.append(("quote", {"text": item.text, "attribution": item.attribution}))
        elif isinstance(item, Photo):
            image = photo_image(item, created, size=BODY_PHOTO_SIZE)
            blocks.append(
                (
                    "image",
                    {
                        "image": image,
                        "caption": item.caption,
                        "credit": item.credit,
                        "alt_text": item.alt,
                        "decorative": False,
                    },
                )
            )
        else:
            blocks.append(("paragraph", RichText(f"<p>{item}</p>")))
    return blocks


def pinned_links(pins, index):
    links = []
    for kind, value in pins:
        if kind == "article":
            value = ArticlePage.objects.descendant_of(index).get(slug=value)
        links.append((kind, value))
    return links


def ensure_articles(index, sections, authors, created):
    # Oldest first, so an article can pin an older one that already exists.
    for spec in sorted(ARTICLES, key=lambda spec: spec["published"], reverse=True):
        # An article from before sections (directly under Berita) stays where it is.
        if ArticlePage.objects.descendant_of(index).filter(slug=spec["slug"]).exists():
            continue
        photo = spec["photo"]
        date = published_at(*spec["published"])
        article = ArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            standfirst=spec["standfirst"],
            date=date,
            first_published_at=date,
            lead_image=photo_image(photo, created),
            lead_image_caption=photo.caption,
            lead_image_credit=photo.credit,
            lead_image_alt=photo.alt,
            body=body_blocks(spec["body"], created),
            pinned_links=pinned_links(spec.get("pins", []), index),
            article_authors=[
                ArticleAuthor(author=authors[slug], sort_order=order)
                for order, slug in enumerate(spec["authors"])
            ],
            live=False,
        )
        article.tags.add(*spec["tags"])
        sections.get(ARTICLE_SECTIONS.get(spec["slug"]), index).add_child(instance=article)
        publish(article)
        created["articles"] += 1


def demo_images():
    """Each demo image with the picture sizes the public pages ask of it."""
    image_model = get_image_model()
    wanted = {portrait_title(spec): ("portrait",) for spec in AUTHORS}
    for spec in ARTICLES:
        wanted[spec["photo"].title] = ("lead", "thumbnail")
        for item in spec["body"]:
            if isinstance(item, Photo):
                wanted[item.title] = ("body",)
    for image in image_model.objects.filter(title__in=wanted):
        yield image, wanted[image.title]


# The English edition --------------------------------------------------------------------


def ensure_translation(page, locale, fields, created, what, tags=None):
    """``page``'s translation into ``locale``, made once as Wagtail's simple translation
    makes it (a copy under the translated parent), with ``fields`` rewritten (and its
    tags, which every language shares, replaced by ``tags``), published."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    if tags is not None:
        translation.tags.set(tags, clear=True)
    created[what] += 1
    return publish(translation)


def english_body(items, photos, created):
    """Body blocks from ``demo_english``'s items; photos are the Indonesian ones."""
    blocks = []
    for item in items:
        if isinstance(item, tuple) and item[0] == "quote":
            blocks.append(Quote(item[1], item[2]))
        elif isinstance(item, tuple) and item[0] == "photo":
            original = photos[item[1]]
            blocks.append(original._replace(caption=item[2], alt=item[3]))
        else:
            blocks.append(item)
    return body_blocks(blocks, created)


def ensure_english_edition(home, index, sections, authors, created):
    """The English home page, news index, sections, authors and four articles."""
    locale, made = Locale.objects.get_or_create(language_code="en")
    if made:
        created["locales"] += 1
    english_home = ensure_translation(home, locale, demo_english.HOME, created, "English pages")
    english_index = ensure_translation(
        index, locale, demo_english.NEWS_INDEX, created, "English pages"
    )
    for slug, (english_slug, title) in demo_english.SECTIONS.items():
        ensure_translation(
            sections[slug], locale, {"slug": english_slug, "title": title}, created,
            "English pages",
        )
    for slug, bio in demo_english.AUTHOR_BIOS.items():
        if authors[slug].get_translation_or_none(locale) is None:
            translation = authors[slug].copy_for_translation(locale)
            translation.bio = bio
            translation.save()
            created["English authors"] += 1
    photos = {
        item.title: item
        for spec in ARTICLES
        for item in [spec["photo"], *spec["body"]]
        if isinstance(item, Photo)
    }
    for slug, spec in demo_english.ARTICLES.items():
        original = ArticlePage.objects.descendant_of(index).filter(slug=slug).first()
        if original is None:
            continue
        fields = {
            "slug": spec["slug"],
            "title": spec["title"],
            "standfirst": spec["standfirst"],
            "lead_image_caption": spec["caption"],
            "lead_image_alt": spec["alt"],
        }
        if original.get_translation_or_none(locale) is None:
            fields["body"] = english_body(spec["body"], photos, created)
        # The authors stay the original's: pages show their English versions.
        ensure_translation(
            original, locale, fields, created, "English articles", tags=spec["tags"]
        )
    ensure_english_comments(locale, created)
    return english_home, english_index


def ensure_english_comments(locale, created):
    comment_type = ContentType.objects.get_for_model(ArticlePage)
    for slug, name, text in demo_english.COMMENTS:
        original = ArticlePage.objects.filter(slug=slug).first()
        article = original.get_translation_or_none(locale) if original else None
        if article is None:
            continue
        if ArticleComment.objects.for_article(article).filter(comment=text).exists():
            continue
        ArticleComment(
            content_type=comment_type,
            object_pk=str(article.pk),
            site_id=1,
            user_name=name,
            user_email=f"{slugify(name)}@example.com",
            comment=text,
            ip_address="192.0.2.20",
            is_public=True,
            moderation_status=ModerationStatus.APPROVED,
            moderation_rule="hold_all",
        ).save()
        created["English comments"] += 1


class Command(BaseCommand):
    help = (
        "Load a fictional Indonesian newsroom (home page, news index, authors, articles "
        "with drawn photos), its English edition and demo users. Running it again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=SITE_URL,
            help="Where the demo is served (make run passes its port); the site record "
            f"follows it while it is on this machine. Default: {SITE_URL}",
        )

    def handle(self, *args, site_url=SITE_URL, **options):
        hostname, port = parse_site_url(site_url)
        created = Counter()
        with transaction.atomic():
            ensure_users(created)
            home = ensure_home(created)
            if follow_site_url(Site.objects.get(is_default_site=True), hostname, port):
                created["site address"] += 1
            index = ensure_news_index(home, created)
            authors = ensure_authors(created)
            sections = ensure_sections(index, created)
            ensure_articles(index, sections, authors, created)
            ensure_pending_comments(index, created)
            ensure_english_edition(home, index, sections, authors, created)
        self.warm_renditions()

        if created:
            summary = ", ".join(f"{count} {what}" for what, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Created demo content: {summary}."))
        else:
            self.stdout.write(
                self.style.SUCCESS("Demo content already exists; nothing new was created.")
            )
        self.write_sign_in(site_url if site_url.endswith("/") else site_url + "/")

    def warm_renditions(self):
        # Made now, so the first visitor to each page does not wait for Pillow.
        for image, size_names in demo_images():
            specs = [spec for name in size_names for spec in PICTURE_SIZES[name].all_specs()]
            if "lead" in size_names:  # structured data, social cards and feeds
                specs += SHARE_IMAGE_SPECS.values()
            try:
                image.get_renditions(*specs)
            except OSError as error:  # e.g. media files removed but database rows kept
                self.stderr.write(f"Could not make renditions of “{image.title}”: {error}")

    def write_sign_in(self, site_url):
        self.stdout.write(f"\nSite:  {site_url}\nAdmin: {site_url}admin/\n")
        for spec in USERS:
            role = "superuser" if spec["superuser"] else ", ".join(spec["groups"])
            self.stdout.write(
                f"  {spec['username']:<10} {spec['password']:<22} {spec['does']} ({role})"
            )
