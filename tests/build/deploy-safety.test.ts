import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fingerprint, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

describe("deploys that never use a half-written or half-deleted release", () => {
  let content: string;
  let site: string;
  let target: string;
  const releases: string[] = []; // in the order deployed

  const build = async () => assert.equal((await runCli(["build", "--content", content, "--out", site])).code, 0);
  const deploy = (...extra: string[]) => runCli(["deploy", "--from", site, "--to", target, ...extra]);
  const live = async () => path.basename(await readlink(path.join(target, "current")));
  const edit = (n: number) => appendFile(path.join(content, "articles/2013/syria-talks.md"), `\nUpdate ${n}.\n`);

  before(async () => {
    content = await tempDir();
    await cp(SAMPLE, content, { recursive: true });
    site = path.join(await tempDir(), "_site");
    target = path.join(await tempDir(), "www");
    for (let n = 0; n < 3; n++) {
      await edit(n);
      await build();
      const result = await deploy("--keep", "3");
      assert.equal(result.code, 0, result.stderr);
      releases.push(await live());
    }
  });

  test("--rollback keeps the history: it can be repeated, and --release moves forward again", async () => {
    const [first, second, third] = releases;
    const back = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(back.stdout, `Rolled back: ${target}/current → releases/${second}.\n`);
    assert.equal((await runCli(["deploy", "--to", target, "--rollback"])).stdout, `Rolled back: ${target}/current → releases/${first}.\n`);
    const none = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, `There is no earlier complete release in ${target} to roll back to.\nSee the releases with --list; move to any of them with --release ID.\n`);
    const list = await runCli(["deploy", "--to", target, "--list"]);
    assert.equal(list.stdout, `${first}  live\n${second}\n${third}\n`);
    const forward = await runCli(["deploy", "--to", target, "--release", third!]);
    assert.equal(forward.stdout, `Switched: ${target}/current → releases/${third}.\n`);
    assert.equal(await live(), third);
  });

  test("a release whose files are missing is never switched to", async () => {
    const [first, second] = releases;
    // What a deploy killed while deleting an old release used to leave under a release's name.
    const broken = path.join(target, "releases", second!);
    await rm(path.join(broken, "tags"), { recursive: true });
    const back = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(back.stdout, `Rolled back: ${target}/current → releases/${first}.\n`, "the incomplete release is skipped");
    const refused = await runCli(["deploy", "--to", target, "--release", second!]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`^${target} has no complete release "${second}"\\.\\n`));
    assert.equal(await live(), first);
    assert.match((await runCli(["deploy", "--to", target, "--list"])).stdout, new RegExp(`^${second}  \\(incomplete: cannot be used\\)$`, "m"));
  });

  test("a deploy killed while pruning leaves no half-deleted release under a release name, and the next deploy cleans up", async () => {
    await edit(10);
    await build();
    assert.equal((await deploy("--keep", "2")).code, 0);
    await edit(11);
    await build();
    const dying = await runCliProcess(["deploy", "--from", site, "--to", target, "--keep", "2"], { NEWS_ARCHIVE_KILL_AT: "deploy:prune" });
    assert.equal(dying.code, 137);
    const names = await readdir(path.join(target, "releases"));
    const history = (await readFile(path.join(target, "history"), "utf8")).trim().split("\n");
    assert.equal(history.length, 2, "the history was written before pruning began");
    assert.equal(names.filter((name) => name.startsWith(".pruning-")).length, 1, "the release being deleted was renamed first");
    assert.deepEqual(names.filter((name) => !name.startsWith(".") && !name.endsWith(".trees")).sort(), [...history].sort(), "every release name left is in the history");
    const back = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await live(), history[0]);
    const again = await runCli(["deploy", "--to", target, "--rollback"]);
    assert.equal(again.code, 2, "nothing earlier is complete");

    await edit(12);
    await build();
    assert.equal((await deploy("--keep", "2")).code, 0);
    const left = await readdir(path.join(target, "releases"));
    assert.deepEqual(left.filter((name) => name.startsWith(".") || (name.endsWith(".trees") && !left.includes(name.slice(0, -6)))), [], "leftovers removed");
    assert.deepEqual((await readdir(path.join(target, "trees"))).filter((name) => name.startsWith(".")), [], "no tree left half-written or half-deleted");
  });

  test("a lock left by a killed deploy is taken over; a live one is refused before the site is checked", async () => {
    const killed = await runCliProcess(["deploy", "--to", target, "--rollback"], { NEWS_ARCHIVE_KILL_AT: "deploy:locked" });
    assert.equal(killed.code, 137);
    const lock = path.join(target, ".deploy.lock");
    assert.ok(JSON.parse(await readFile(lock, "utf8")).pid > 0, "the lock names its owner");
    assert.equal((await runCli(["deploy", "--to", target, "--list"])).code, 0);
    assert.equal((await runCli(["deploy", "--to", target, "--release", await live()])).code, 0, "the dead owner's lock was taken over");

    await writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), command: "npm run deploy", since: "2026-11-28T06:00:00.000Z" }));
    await writeFile(path.join(site, "index.html"), "<p>broken"); // would fail the check, which takes minutes on a big site
    const refused = await deploy();
    assert.equal(refused.stderr, `The deploy folder ${target} is in use: npm run deploy (pid ${process.pid}) has held ${lock} since 2026-11-28T06:00:00.000Z.\nWait for it to finish, then run this again.\n`);
    await rm(lock);
    assert.equal((await runCli(["build", "--content", content, "--out", site, "--no-cache"])).code, 0);
  });

  test("a build folder that a build holds is not deployed", async () => {
    const before = await live();
    await writeFile(`${site}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), command: "npm run build", since: "2026-11-28T06:00:00.000Z" }));
    try {
      const result = await deploy();
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `The build folder ${site} is in use: npm run build (pid ${process.pid}) has held ${site}.lock since 2026-11-28T06:00:00.000Z.\nWait for it to finish, then run this again.\n`);
      assert.equal(await live(), before);
    } finally {
      await rm(`${site}.lock`);
    }
  });

  test("deploy refuses a preview folder, an unmarked --to with files, a file, and reports real I/O errors as such", async () => {
    const preview = await tempDir();
    await writeFile(path.join(preview, ".news-archive-output"), "preview\n");
    const fromPreview = await runCli(["deploy", "--from", preview, "--to", target]);
    assert.equal(fromPreview.stderr, `${preview} is not a build's output folder.\nDeploy what npm run build wrote, e.g. --from _site (a preview folder holds drafts and is never deployed).\n`);

    const www = await tempDir();
    await writeFile(path.join(www, "index.html"), "someone's site\n");
    const unmarked = await runCli(["deploy", "--from", site, "--to", www]);
    assert.equal(unmarked.code, 2);
    assert.match(unmarked.stderr, /it holds files that news-archive did not write/);
    assert.deepEqual(Object.keys(await fingerprint(www)), ["index.html"], "nothing was written");

    const file = path.join(www, "index.html");
    const onFile = await runCli(["deploy", "--from", site, "--to", path.join(file, "releases")]);
    assert.equal(onFile.code, 2);
    assert.equal(onFile.stderr, `Cannot write to the deploy folder ${file}/releases: a part of the path is a file, not a folder (ENOTDIR).\nCheck that the deploy folder is writable, or choose another with --to DIR.\n`);
  });
});
