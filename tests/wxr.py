"""Small WordPress exports (WXR 1.2) written by the tests, and the uploads beside them."""

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Kabar Lama</title>
  <link>https://kabar.example</link>
  <language>id-ID</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://kabar.example</wp:base_site_url>
  <wp:base_blog_url>https://kabar.example</wp:base_blog_url>
"""


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, display_name, email=""):
    return f"""  <wp:author><wp:author_id>1</wp:author_id>
  <wp:author_login>{cdata(login)}</wp:author_login>
  <wp:author_email>{cdata(email)}</wp:author_email>
  <wp:author_display_name>{cdata(display_name)}</wp:author_display_name>
  <wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
"""


def category(slug, name, parent="", term_id=0):
    return f"""  <wp:category><wp:term_id>{term_id}</wp:term_id>
  <wp:category_nicename>{cdata(slug)}</wp:category_nicename>
  <wp:category_parent>{cdata(parent)}</wp:category_parent>
  <wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>
"""


def comment(cid, text, parent=0, state="1", name="Pembaca", email="pembaca@example.com",
            url="", ip="203.0.113.77", date="2023-11-05 08:00:00", kind=""):
    return f"""    <wp:comment>
      <wp:comment_id>{cid}</wp:comment_id>
      <wp:comment_author>{cdata(name)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
      <wp:comment_author_url>{escape(url)}</wp:comment_author_url>
      <wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
      <wp:comment_date>{cdata(date)}</wp:comment_date>
      <wp:comment_date_gmt>{cdata(date)}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(text)}</wp:comment_content>
      <wp:comment_approved>{cdata(state)}</wp:comment_approved>
      <wp:comment_type>{cdata(kind)}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>
"""


def post(pid, title, content, slug=None, status="publish", post_type="post", creator="rina",
         date_gmt="2023-11-05 07:30:00", excerpt="", categories=(), tags=(), thumbnail=None,
         comments=(), link=None, meta=None):
    slug = slug or title.lower().replace(" ", "-")
    link = link or f"https://kabar.example/2023/11/05/{slug}/"
    cats = "".join(
        f'    <category domain="category" nicename="{s}">{cdata(n)}</category>\n'
        for s, n in categories
    ) + "".join(
        f'    <category domain="post_tag" nicename="{s}">{cdata(n)}</category>\n' for s, n in tags
    )
    metas = dict(meta or {})
    if thumbnail:
        metas["_thumbnail_id"] = str(thumbnail)
    postmeta = "".join(
        f"    <wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>\n"
        for k, v in metas.items()
    )
    return f"""  <item>
    <title>{escape(title)}</title>
    <link>{escape(link)}</link>
    <pubDate>Sun, 05 Nov 2023 07:30:00 +0000</pubDate>
    <dc:creator>{cdata(creator)}</dc:creator>
    <guid isPermaLink="false">https://kabar.example/?p={pid}</guid>
    <description></description>
    <content:encoded>{cdata(content)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{pid}</wp:post_id>
    <wp:post_date>{cdata(date_gmt)}</wp:post_date>
    <wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>{cdata(slug)}</wp:post_name>
    <wp:status>{cdata(status)}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>{cdata(post_type)}</wp:post_type>
{cats}{postmeta}{"".join(comments)}  </item>
"""


def attachment(pid, path, title="", alt="", caption=""):
    url = f"https://kabar.example/wp-content/uploads/{path}"
    return f"""  <item>
    <title>{escape(title or path)}</title>
    <link>https://kabar.example/?attachment_id={pid}</link>
    <dc:creator><![CDATA[rina]]></dc:creator>
    <content:encoded><![CDATA[]]></content:encoded>
    <excerpt:encoded>{cdata(caption)}</excerpt:encoded>
    <wp:post_id>{pid}</wp:post_id>
    <wp:post_date_gmt><![CDATA[2023-11-05 07:00:00]]></wp:post_date_gmt>
    <wp:post_name>{cdata(title)}</wp:post_name>
    <wp:status><![CDATA[inherit]]></wp:status>
    <wp:post_type><![CDATA[attachment]]></wp:post_type>
    <wp:attachment_url>{cdata(url)}</wp:attachment_url>
    <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value>{cdata(alt)}</wp:meta_value></wp:postmeta>
  </item>
"""


def export(*parts):
    return HEAD + "".join(parts) + "</channel>\n</rss>\n"
