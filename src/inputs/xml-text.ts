/** The text of an XML fragment's entities (&amp; &lt; &#12345; &#x4E2D; …). */
export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (/^#x/i.test(entity)) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? entity;
  });
}

/**
 * A string's text from its runs (`<t>深圳市</t>`, `<r><t>…</t></r>` …), as a shared string or an
 * inline string holds it; its phonetic runs (<rPh>, 拼音指南) are not its text.
 */
export function textOfRuns(xml: string): string {
  return [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "").matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => decodeXml(t[1]!)).join("");
}
