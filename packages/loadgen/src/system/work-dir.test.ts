import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RUN_ENDS, WorkDir } from "./work-dir.js";

describe("WorkDir", () => {
  let parent: string;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), "work-dir-test-"));
  });

  afterEach(() => {
    rmSync(parent, { recursive: true, force: true });
  });

  /** A folder as a run leaves it: the database and the consumer's log. */
  function usedFolder(): WorkDir {
    const folder = WorkDir.create(parent);
    writeFileSync(join(folder.path, "tickets.sqlite"), "");
    writeFileSync(join(folder.path, "consumer.log"), "order failed\n");
    return folder;
  }

  it("when a run fails after startup, keeps the folder with the consumer's log and says where", () => {
    const folder = usedFolder();

    const said = folder.release(RUN_ENDS.failed, false);

    expect(existsSync(join(folder.path, "consumer.log"))).toBe(true);
    expect(said).toContain(folder.path);
  });

  it("when the run fails before the consumer started, deletes the empty folder and points at no log", () => {
    const folder = WorkDir.create(parent);

    const said = folder.release(RUN_ENDS.failed, false);

    expect(existsSync(folder.path)).toBe(false);
    expect(said).toBeUndefined();
  });

  it("when the run is interrupted, during setup or after, deletes the folder", () => {
    const folder = usedFolder();

    const said = folder.release(RUN_ENDS.interrupted, false);

    expect(existsSync(folder.path)).toBe(false);
    expect(said).toBeUndefined();
  });

  it("when the run finishes, deletes the folder", () => {
    const folder = usedFolder();

    folder.release(RUN_ENDS.finished, false);

    expect(existsSync(folder.path)).toBe(false);
  });

  it.each([RUN_ENDS.finished, RUN_ENDS.interrupted])("with --keep-files, keeps the folder of a run that ended %s and says where", (end) => {
    const folder = usedFolder();

    const said = folder.release(end, true);

    expect(existsSync(join(folder.path, "tickets.sqlite"))).toBe(true);
    expect(said).toContain(folder.path);
  });
});
