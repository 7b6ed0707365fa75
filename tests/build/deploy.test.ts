import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fingerprint, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { MANIFEST_FILE } from "../../src/output/manifest.ts";
import { nginxSkipReason, startNginx } from "../helpers/nginx.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");
const ARTICLE = "/2013/05/02/syria-talks/";
const skip = nginxSkipReason();
if (skip) console.log(`# ${skip}`);

describe("deploys served by nginx", { skip: skip ?? false }, () => {
  let content: string;
  let site: string;
  let target: string;
  let nginx: Awaited<ReturnType<typeof startNginx>>;

  before(async () => {
    content = await tempDir();
    await cp(SAMPLE, content, { recursive: true });
    site = path.join(await tempDir(), "_site");
    target = await tempDir();
    nginx = await startNginx(path.join(target, "current"));
  });
  after(() => nginx?.stop());

  const build = async () => assert.equal((await runCli(["build", "--content", content, "--out", site])).code, 0);
  const deploy = (...extra: string[]) => runCli(["deploy", "--from", site, "--to", target, ...extra]);
  const title = async (url: string) => {
    const response = await fetch(`${nginx.url}${url}`);
    assert.equal(response.status, 200, url);
    return /<h1 class="article__title">([^<]*)<\/h1>/.exec(await response.text())?.[1];
  };

  test("first deploy: a release folder, current pointing at it, nginx serving it", async () => {
    await build();
    const result = await deploy();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Deployed .+ to .+\/current → releases\/[0-9a-f]{16} \(118 added, 0 changed, 0 removed; 0 files shared with the previous release\)\.$/m);
    assert.match(result.stdout, /^The redirects changed: reload nginx \(nginx -s reload\) to serve .+\/current\/redirects\.map as 301s/m);
    assert.equal(await title(ARTICLE), "Syria Talks Resume");
    assert.match(await readlink(path.join(target, "current")), /^releases\/[0-9a-f]{16}$/);
  });

  test("an article's old URLs: a redirect page at each, and 301s from nginx once it reloads the map deploy installed", async () => {
    const result = await deploy();
    assert.doesNotMatch(result.stdout, /The redirects changed/, "the same build again: nothing to reload");
    const old = "/2013/05/01/geneva-talks/";
    const page = await (await fetch(`${nginx.url}/news/syria-talks.html`)).text();
    assertIncludes(page, `<meta http-equiv="refresh" content="0; url=${ARTICLE}">`);
    assertIncludes(page, `<link rel="canonical" href="https://sample.example${ARTICLE}">`);
    nginx.reload();
    // Where each old URL sends the reader: "301 <path>", or its status.
    const urls = [old, old.slice(0, -1), "/news/syria-talks.html"];
    const answers = async (): Promise<string[]> =>
      Promise.all(
        urls.map(async (url) => {
          const response = await fetch(`${nginx.url}${url}`, { redirect: "manual" });
          return response.status === 301 ? `301 ${new URL(response.headers.get("location")!, nginx.url).pathname}` : String(response.status);
        }),
      );
    // Until the old workers have gone, a request may still reach one (without the map, nginx
    // answers the URL without its slash with a 301 to the folder): wait for every URL's new answer.
    await waitFor(async () => (await answers()).every((answer) => answer === `301 ${ARTICLE}`)).catch(() => {}); // the assertion says what was answered
    assert.deepEqual(await answers(), urls.map(() => `301 ${ARTICLE}`));
    assert.equal((await fetch(`${nginx.url}${ARTICLE}`, { redirect: "manual" })).status, 200, "the article itself is served");
  });

  test("an edit and a second deploy: every request during the switch sees the old site or the new one, never an error", async () => {
    const file = path.join(content, "articles/2013/syria-talks.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("title: Syria Talks Resume", "title: Syria Talks Resume in Geneva"));
    await build();

    let deploying = true;
    const seen = new Set<string>();
    const hammer = (async () => {
      let requests = 0;
      while (deploying || requests < 20) {
        const pages = await Promise.all([ARTICLE, "/", "/tags/syria/", "/css/site.css"].map((url) => fetch(`${nginx.url}${url}`)));
        for (const page of pages) assert.equal(page.status, 200);
        const article = await pages[0]!.text();
        seen.add(/<h1 class="article__title">([^<]*)<\/h1>/.exec(article)?.[1] ?? "(no title)");
        await Promise.all(pages.slice(1).map((page) => page.text()));
        requests += 1;
      }
      return requests;
    })();
    const result = await deploy();
    deploying = false;
    const requests = await hammer;
    assert.equal(result.code, 0, result.stderr);
    // Pagefind names its index files by their content, so a changed index is files added and removed.
    assert.match(result.stdout, /\(\d+ added, \d+ changed, \d+ removed; \d+ files shared with the previous release\)/);
    assert.ok(requests >= 20);
    assert.deepEqual([...seen].filter((t) => t !== "Syria Talks Resume" && t !== "Syria Talks Resume in Geneva"), [], "only the old or the new page");
    assert.equal(await title(ARTICLE), "Syria Talks Resume in Geneva");
  });

  test("unchanged files are hard links shared between releases", async () => {
    const releases = (await readdir(path.join(target, "releases"))).filter((name) => !name.startsWith(".") && !name.endsWith(".trees"));
    assert.equal(releases.length, 2);
    const [a, b] = releases.map((name) => path.join(target, "releases", name, "css/site.css"));
    assert.equal((await stat(a!)).ino, (await stat(b!)).ino);
  });

  test("rollback switches back to the previous release", async () => {
    const result = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Rolled back: .+\/current → releases\/[0-9a-f]{16}\.$/m);
    assert.equal(await title(ARTICLE), "Syria Talks Resume");
    const again = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /^There is no earlier complete release in .+ to roll back to\.$/m);
  });

  test("a build that fails its checks, or is not a complete build, is refused and current stays", async () => {
    const live = await readlink(path.join(target, "current"));
    const file = path.join(content, "articles/2013/syria-talks.md");
    const original = await readFile(file, "utf8");
    await writeFile(file, `${original}\nSee [the earlier report](/nowhere/).\n`);
    await build();
    const broken = await deploy();
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^The build in .+ fails its checks, so it was not deployed:\n.+2013\/05\/02\/syria-talks\/index\.html:\d+: link\/broken: href "\/nowhere\/" points to no file/m);
    await writeFile(file, original);
    await build();

    await writeFile(path.join(site, "tags/index.html"), "truncated");
    const incomplete = await deploy();
    assert.equal(incomplete.code, 2);
    assert.match(incomplete.stderr, /_site is incomplete: 1 file differs from its manifest, e\.g\. tags\/index\.html\.\nBuild again\./);
    await rm(path.join(site, ".manifest.json"));
    const unbuilt = await deploy();
    assert.match(unbuilt.stderr, /is not a complete build \(it has no \.manifest\.json\)\.\nRun npm run build first\./);
    assert.equal(await readlink(path.join(target, "current")), live);
    assert.equal(await title(ARTICLE), "Syria Talks Resume");
  });

  test("a build changed in place after a deploy is refused, even with its sizes kept and its HTML still valid; current stays", async () => {
    await build();
    assert.equal((await deploy()).code, 0);
    const live = await readlink(path.join(target, "current"));
    // Same lengths: the manifest's sizes still match, so only the files' hashes can tell.
    const damage = async (file: string, from: string, to: string) => {
      assert.equal(from.length, to.length);
      const text = await readFile(path.join(site, file), "utf8");
      assertIncludes(text, from);
      await writeFile(path.join(site, file), text.replace(from, to));
      return () => writeFile(path.join(site, file), text);
    };
    let restore = await damage("tags/index.html", "<main", "<mian");
    const invalid = await deploy();
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /_site is incomplete: 1 file differs from its manifest, e\.g\. tags\/index\.html\.\nBuild again\./);
    await restore();
    // Valid HTML, every link good: the check alone would pass it.
    restore = await damage("index.html", "Aid Reaches Syria", "Aid Reaches Syrja");
    const edited = await deploy();
    assert.equal(edited.code, 2);
    assert.match(edited.stderr, /1 file differs from its manifest, e\.g\. index\.html\./);
    await restore();
    assert.equal(await readlink(path.join(target, "current")), live);
    assert.equal((await deploy()).code, 0, "the restored build deploys");
  });

  test("old releases beyond --keep are pruned, never the live one", async () => {
    for (let i = 0; i < 3; i++) {
      const file = path.join(content, "articles/2013/syria-ceasefire.md");
      await writeFile(file, `${await readFile(file, "utf8")}\nUpdate ${i}.\n`);
      await build();
      assert.equal((await deploy("--keep", "2")).code, 0);
    }
    const releases = (await readdir(path.join(target, "releases"))).filter((name) => !name.startsWith(".") && !name.endsWith(".trees"));
    assert.equal(releases.length, 2);
    assert.ok(releases.includes(path.basename(await readlink(path.join(target, "current")))));
    assertIncludes(await (await fetch(`${nginx.url}/2013/06/10/syria-ceasefire/`)).text(), "Update 2.", "the live page is the last deploy's");
  });
});

/** Every file a web server finds under `dir`, following symlinks as it does, with the SHA-256 of its bytes. */
async function served(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const file = path.join(dir, name);
    if ((await stat(file)).isDirectory()) Object.assign(out, await served(file, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = createHash("sha256").update(await readFile(file)).digest("hex");
  }
  return out;
}

test("a deploy writes only the folders on the paths of changed files, and pruning deletes only folders no kept release uses", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const site = path.join(await tempDir(), "_site");
  const target = await tempDir();
  const trees = path.join(target, "trees");
  const publish = async (n: number) => {
    const file = path.join(content, "articles/2013/syria-ceasefire.md");
    await writeFile(file, `${await readFile(file, "utf8")}\nUpdate ${n}.\n`);
    assert.equal((await runCli(["build", "--content", content, "--out", site])).code, 0);
    const result = await runCli(["deploy", "--from", site, "--to", target, "--keep", "2"]);
    assert.equal(result.code, 0, result.stderr);
    const live = path.join(target, "current");
    const { [MANIFEST_FILE]: _manifest, ...files } = await served(live);
    assert.deepEqual(files, Object.fromEntries(Object.entries(await fingerprint(site)).filter(([name]) => !name.startsWith("."))), "the release serves the build");
    return JSON.parse(await readFile(path.join(live, MANIFEST_FILE), "utf8")) as { files: Record<string, { sha256: string }> };
  };

  const first = await publish(0);
  const firstTrees = new Set(await readdir(trees));
  const second = await publish(1);
  const added = (await readdir(trees)).filter((name) => !firstTrees.has(name));
  // The folders holding a changed file, and the folders above them: the only ones that can be new.
  const onPaths = new Set([""]);
  for (const [file, entry] of Object.entries(second.files)) {
    if (first.files[file]?.sha256 === entry.sha256) continue;
    for (let dir = path.posix.dirname(file); dir !== "."; dir = path.posix.dirname(dir)) onPaths.add(dir);
  }
  assert.ok(added.length > 0 && added.length <= onPaths.size, `${added.length} new folders, ${onPaths.size} on the paths of changed files`);
  assert.ok(added.length * 3 < firstTrees.size, `${added.length} new folders of ${firstTrees.size}`);

  // Two more deploys with --keep 2: the trees are exactly those the two kept releases use.
  await publish(2);
  await publish(3);
  const kept = (await readdir(path.join(target, "releases"))).filter((name) => name.endsWith(".trees"));
  assert.equal(kept.length, 2);
  // A list has a line per folder: its tree's hash and its path.
  const used = new Set((await Promise.all(kept.map((name) => readFile(path.join(target, "releases", name), "utf8")))).join("").split("\n").filter(Boolean).map((line) => line.split("\t")[0]));
  assert.deepEqual(new Set(await readdir(trees)), used);

  // The list of a release that stays damaged: no tree is deleted (one kept too long costs space; one deleted too soon would break a release).
  await writeFile(path.join(target, "releases", `${path.basename(await readlink(path.join(target, "current")))}.trees`), "damaged");
  const before = (await readdir(trees)).length;
  await publish(4);
  assert.ok((await readdir(trees)).length > before, "nothing deleted");

  // Folders the edit does not touch, which both releases share, damaged by hand (a file and a
  // subfolder's link deleted): the next deploy writes them again from the build, which repairs the
  // earlier release too.
  const live = path.join(target, "current");
  await rm(path.join(live, "css/site.css"));
  await rm(path.join(live, "2014", (await readdir(path.join(live, "2014"))).find((name) => /^\d\d$/.test(name))!));
  await publish(5);
  const list = await runCli(["deploy", "--to", target, "--list"]);
  assert.doesNotMatch(list.stdout, /incomplete/, list.stdout);

  // A deleted article: the folders that held its page lose it, though nothing is added beside it,
  // so the release must not take them from the live one.
  await rm(path.join(content, "articles/2014/syria-aid.md"));
  await publish(6);
});

async function waitFor(check: () => Promise<boolean>, timeout = 5_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
