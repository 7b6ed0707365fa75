import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprint, page, ROOT, runCli, tempDir, TEST_CACHE_DIR } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");
const ARTICLE = "/2013/06/10/syria-ceasefire/";

async function copyOfSample(): Promise<{ content: string; article: string }> {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  return { content, article: path.join(content, "articles/2013/syria-ceasefire.md") };
}

test("a lead photo: a <picture> in AVIF, WebP and JPEG with its size, caption and credit, og:image and JSON-LD, made once", async () => {
  const out = await tempDir();
  const result = await runCli(["build", "--content", SAMPLE, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /ceasefire-monitors\.jpg/, "a photo beside the articles is not a file the build complains of");
  const html = await page(out, ARTICLE);
  const picture = /<picture>[\s\S]*?<\/picture>/.exec(html)?.[0] ?? "";
  for (const format of ["avif", "webp"]) assert.match(picture, new RegExp(`<source type="image/${format}" srcset="(/img/[0-9a-f]{20}-\\d+\\.${format} \\d+w(, )?)+" sizes="[^"]+">`));
  assert.match(picture, /<img src="\/img\/[0-9a-f]{20}-480\.jpeg" alt="Observers in blue helmets stand in front of damaged buildings on a hillside\." loading="eager" decoding="async" fetchpriority="high" width="1600" height="1067" srcset="[^"]+" sizes="[^"]+">/);
  assertIncludes(html, '<figcaption>Monitors arrived in the town on the first day of the ceasefire. <span class="article__credit">Photo: Sample Gazette staff</span></figcaption>');
  assert.match(html, /<meta property="og:image" content="https:\/\/sample\.example\/img\/[0-9a-f]{20}-1600\.jpeg">/);
  assert.match(html, /"image":\{"@type":"ImageObject","url":"https:\/\/sample\.example\/img\/[0-9a-f]{20}-1600\.jpeg","width":1600,"height":1067,"caption":"Monitors arrived in the town on the first day of the ceasefire\.","creditText":"Sample Gazette staff"\}/);
  // Every file the page names is in the output and its manifest.
  const manifest = JSON.parse(await readFile(path.join(out, ".manifest.json"), "utf8")) as { files: Record<string, unknown> };
  const named = [...picture.matchAll(/\/img\/[^ ",]+/g)].map((match) => match[0].slice(1));
  assert.equal(new Set(named).size, 9);
  for (const name of named) assert.ok(manifest.files[name], `${name} is in the manifest`);
  assert.equal((await runCli(["check", "--out", out])).code, 0);

  // Made once: a build into another folder copies the same files from the cache, which it does not touch.
  const cached = path.join(TEST_CACHE_DIR, "images");
  const times = async () => Object.fromEntries(await Promise.all((await readdir(cached)).map(async (name) => [name, (await stat(path.join(cached, name))).mtimeMs])));
  const before = await times();
  const again = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", again])).code, 0);
  assert.deepEqual(await times(), before);
  assert.deepEqual(await fingerprint(again), await fingerprint(out));
});

test("a photo with missing fields, a path out of its folder, or a file that is not there or not a photo is a content error at its line; nothing is written", async () => {
  const { content, article } = await copyOfSample();
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  const built = await fingerprint(out);
  const original = await readFile(article, "utf8");
  const withImage = (image: string) => writeFile(article, original.replace(/image:\n(  .*\n)+/, image));
  const fails = async (...lines: string[]) => {
    const result = await runCli(["build", "--content", content, "--out", out]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    for (const line of lines) assertIncludes(result.stderr, line);
    assert.deepEqual(await fingerprint(out), built, "the previous output is untouched");
  };
  await withImage("image:\n  src: ceasefire-monitors.jpg\n  caption: Monitors arrived.\n  credit: \"\"\n  atl: typo\n");
  await fails(
    "syria-ceasefire.md:6: image.alt: missing; every photo needs what the photo shows, for readers who cannot see it",
    "syria-ceasefire.md:9: image.credit: is empty; every photo needs who took or owns it",
    'syria-ceasefire.md:10: image.atl: unknown field; did you mean "alt"?',
  );
  await withImage("image:\n  src: ../../../../etc/passwd\n  alt: A\n  caption: C\n  credit: D\n");
  await fails('syria-ceasefire.md:7: image.src: "../../../../etc/passwd" is not a photo file beside the article');
  await withImage("image:\n  src: monitors.jpg\n  alt: A\n  caption: C\n  credit: D\n");
  await fails('syria-ceasefire.md:7: image.src: "monitors.jpg" is not found beside the article (');
  await writeFile(path.join(content, "articles/2013/broken.jpg"), "not a photo");
  await withImage("image:\n  src: broken.jpg\n  alt: A\n  caption: C\n  credit: D\n");
  await fails("syria-ceasefire.md:7: image.src: ", "broken.jpg could not be read as a photo (");
});

test("a photo in the body is a lazy <picture> in the page and the feeds; one without alt text, not beside the article or not there is an error at its line", async () => {
  const { content } = await copyOfSample();
  const article = path.join(content, "articles/2013/syria-talks.md");
  const original = await readFile(article, "utf8");
  await cp(path.join(content, "articles/2013/ceasefire-monitors.jpg"), path.join(content, "articles/2013/photos/geneva.jpg"));
  await writeFile(article, `${original}\n![Delegates at the table in Geneva](photos/geneva.jpg)\n`);
  const out = await tempDir();
  const result = await runCli(["build", "--content", content, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  const html = await page(out, "/2013/05/02/syria-talks/");
  assert.match(html, /<p><picture><source type="image\/avif" srcset="\/img\/[0-9a-f]{20}-480\.avif 480w, [^"]+"[^>]*>.*<img src="\/img\/[0-9a-f]{20}-480\.jpeg" alt="Delegates at the table in Geneva" loading="lazy" decoding="async" width="1600" height="1067"[^>]*><\/picture><\/p>/);
  assert.match(await readFile(path.join(out, "feed.json"), "utf8"), /<picture>.*alt=\\"Delegates at the table in Geneva\\"/);
  assert.equal((await runCli(["check", "--out", out])).code, 0, "every file the pictures name is there");

  const line = original.split("\n").length + 1;
  for (const [markdown, message] of [
    ["![](photos/geneva.jpg)", `syria-talks.md:${line}: body: the photo "photos/geneva.jpg" has no alt text; say what it shows for readers who cannot see it: ![what it shows](photos/geneva.jpg).`],
    ["![Notes](../notes.txt)", `syria-talks.md:${line}: body: the image "../notes.txt" is not a photo file beside the article; name one from the article's folder`],
    ["![Delegates](photos/missing.jpg)", `syria-talks.md:${line}: body: "photos/missing.jpg" is not found beside the article (`],
  ] as const) {
    await writeFile(article, `${original}\n${markdown}\n`);
    const failed = await runCli(["build", "--content", content, "--out", out]);
    assert.equal(failed.code, 1, markdown);
    assertIncludes(failed.stderr, message);
  }
});

test("an edit of an article with a photo is patched like any other, a clean build's bytes; a new photo is left to the full build", async () => {
  const { content, article } = await copyOfSample();
  // Its tag spelled as the others spell it: an article with a notice (a tag variant) is never patched.
  const original = (await readFile(article, "utf8")).replace("tags: [syria]", "tags: [Syria]");
  await writeFile(article, original);
  const out = await tempDir();
  await new Promise((resolve) => setTimeout(resolve, 50)); // files written within a clock tick of a build are never taken as unchanged
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  await writeFile(article, `${original}\nA later paragraph.\n`);
  const edited = await runCli(["build", "--content", content, "--out", out]);
  assert.match(edited.stdout, /^Patched: /m, edited.stdout);
  assertIncludes(await page(out, ARTICLE), "<p>A later paragraph.</p>");
  assert.deepEqual(await fingerprint(out), await fingerprint(await cleanBuild(content)));

  const { default: sharp } = await import("sharp");
  await sharp({ create: { width: 1000, height: 700, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toFile(path.join(content, "articles/2013/another.jpg"));
  await writeFile(article, original.replace("src: ceasefire-monitors.jpg", "src: another.jpg"));
  const moved = await runCli(["build", "--content", content, "--out", out]);
  assert.doesNotMatch(moved.stdout, /^Patched: /m, "a photo the output does not have yet");
  assert.match(await page(out, ARTICLE), /width="960" height="672"/);
  assert.deepEqual(await fingerprint(out), await fingerprint(await cleanBuild(content)));
});

test("a photo replaced by another, the article untouched: new files under new names, the old ones gone", async () => {
  const { content } = await copyOfSample();
  const out = await tempDir();
  await new Promise((resolve) => setTimeout(resolve, 50)); // files copied within a clock tick of a build are never taken as unchanged
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  assert.match((await runCli(["build", "--content", content, "--out", out])).stdout, /^Up to date/m, "nothing changed");
  const first = (await readdir(path.join(out, "img"))).sort();
  const { default: sharp } = await import("sharp");
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 90, b: 60 } } }).jpeg().toFile(path.join(content, "articles/2013/ceasefire-monitors.jpg"));
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  const second = (await readdir(path.join(out, "img"))).sort();
  assert.equal(second.length, 6, "a 1,200-pixel photo is made 480 and 960 wide, in three formats");
  assert.deepEqual(second.filter((name) => first.includes(name)), [], "no old file left, none reused");
  assert.match(await page(out, ARTICLE), /width="960" height="640"/);
  assert.deepEqual(await fingerprint(out), await fingerprint(await cleanBuild(content)));
});

async function cleanBuild(content: string): Promise<string> {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", content, "--out", out, "--no-cache"])).code, 0);
  return out;
}
