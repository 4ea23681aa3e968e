import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { repoRoot } from "../repo-root.js";
import { ensureRabbitmqInstalled, POLICY_MARKER, RABBITMQ_SERVER, RABBITMQCTL, requireRabbitmq, withHeartbeat, withServiceStartsRefused } from "./install.js";

/** Runs `test` with a policy-rc.d path in a folder of its own, removed after. */
function inTempDir(test: (policyPath: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-rc-"));
    try {
      await test(join(dir, "policy-rc.d"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe("requireRabbitmq", () => {
  it("when RabbitMQ is missing under systemd, it fails with what to install, and how to keep the system's node from starting, instead of installing it", () => {
    expect(() => {
      requireRabbitmq((path) => path === "/run/systemd/system");
    }).toThrow(/^rabbitmq-server is not installed .* are missing\): `sudo apt-get update && sudo apt-get install -y rabbitmq-server && sudo systemctl disable --now rabbitmq-server epmd.socket`/);
  });

  it("when RabbitMQ is missing on a machine without systemd, it gives the init scripts' commands instead of systemctl", () => {
    expect(() => {
      requireRabbitmq(() => false);
    }).toThrow(
      "`sudo apt-get update && sudo apt-get install -y rabbitmq-server && sudo service rabbitmq-server stop && sudo update-rc.d rabbitmq-server disable`",
    );
  });

  it("when only rabbitmqctl is missing, it fails the same way, naming that script alone", () => {
    expect(() => {
      requireRabbitmq((path) => path === RABBITMQ_SERVER);
    }).toThrow(`rabbitmq-server is not installed (${RABBITMQCTL} is missing)`);
  });

  it("when both scripts are there, it lets the node start", () => {
    expect(() => {
      requireRabbitmq((path) => path === RABBITMQ_SERVER || path === RABBITMQCTL);
    }).not.toThrow();
  });
});

describe("withServiceStartsRefused", () => {

  /** What Debian's invoke-rc.d would learn from the hook: its exit code. */
  function policyAnswer(policyPath: string): number {
    try {
      execFileSync(policyPath, ["rabbitmq-server", "start"]);
      return 0;
    } catch (error) {
      return (error as { status: number }).status;
    }
  }

  it(
    "while the work runs, every service start is refused (101); afterwards the hook is gone, even when the work failed",
    inTempDir(async (policyPath) => {
      const answers: number[] = [];

      await withServiceStartsRefused(() => {
        answers.push(policyAnswer(policyPath));
        return Promise.resolve();
      }, policyPath);
      await expect(
        withServiceStartsRefused(() => Promise.reject(new Error("apt-get failed")), policyPath),
      ).rejects.toThrow("apt-get failed");

      expect(answers).toEqual([101]);
      expect(existsSync(policyPath)).toBe(false);
    }),
  );

  it(
    "takes a hook a killed install of ours left behind for one of its own, and removes it after",
    inTempDir(async (policyPath) => {
      let ours = "";
      await withServiceStartsRefused(() => {
        ours = readFileSync(policyPath, "utf8");
        return Promise.resolve();
      }, policyPath);
      // A second Ctrl-C or SIGKILL during the install skipped the removal.
      writeFileSync(policyPath, ours, { mode: 0o755 });

      await withServiceStartsRefused(() => Promise.resolve(), policyPath);

      expect(existsSync(policyPath)).toBe(false);
    }),
  );

  it(
    "leaves a policy the machine already has as it is",
    inTempDir(async (policyPath) => {
      writeFileSync(policyPath, "#!/bin/sh\nexit 0\n", { mode: 0o755 });

      await withServiceStartsRefused(() => Promise.resolve(), policyPath);

      expect(readFileSync(policyPath, "utf8")).toBe("#!/bin/sh\nexit 0\n");
    }),
  );
});

describe("ensureRabbitmqInstalled", () => {

  it(
    "when RabbitMQ is installed but a killed install left our policy-rc.d behind, it removes it, so later installs of services start them",
    inTempDir(async (policyPath) => {
      writeFileSync(policyPath, `#!/bin/sh\n${POLICY_MARKER}\nexit 101\n`, { mode: 0o755 });
      const lines: string[] = [];

      await ensureRabbitmqInstalled((line) => lines.push(line), { installed: () => true, policyPath, aptRunning: () => false });

      expect(existsSync(policyPath)).toBe(false);
      expect(lines).toEqual([`Removed ${policyPath}, left behind by an interrupted install of RabbitMQ: it kept apt from starting any service it installs.`]);
    }),
  );

  it(
    "while an apt or dpkg runs, it leaves our hook to the install that may be using it",
    inTempDir(async (policyPath) => {
      writeFileSync(policyPath, `#!/bin/sh\n${POLICY_MARKER}\nexit 101\n`, { mode: 0o755 });

      await ensureRabbitmqInstalled(() => undefined, { installed: () => true, policyPath, aptRunning: () => true });

      expect(existsSync(policyPath)).toBe(true);
    }),
  );

  it(
    "when RabbitMQ is installed, it leaves the machine's own policy-rc.d alone",
    inTempDir(async (policyPath) => {
      writeFileSync(policyPath, "#!/bin/sh\nexit 101\n", { mode: 0o755 });

      await ensureRabbitmqInstalled(() => undefined, { installed: () => true, policyPath, aptRunning: () => false });

      expect(readFileSync(policyPath, "utf8")).toBe("#!/bin/sh\nexit 101\n");
    }),
  );
});

describe("the hook CI writes", () => {
  it("carries the stack's marker, so a copy an interrupted CI install left behind is removed as ours", () => {
    expect(readFileSync(join(repoRoot(), ".ci", "run"), "utf8")).toContain(`POLICY_MARKER="${POLICY_MARKER}"`);
  });
});

describe("withHeartbeat", () => {
  it("says how long the work has run at each beat until it settles, then nothing more", async () => {
    vi.useFakeTimers();
    try {
      const beats: number[] = [];
      let finish = (): void => undefined;
      const work = new Promise<string>((resolve) => {
        finish = () => { resolve("done"); };
      });

      const watched = withHeartbeat(work, (seconds) => beats.push(seconds), 15_000);
      await vi.advanceTimersByTimeAsync(31_000);
      finish();
      const result = await watched;
      await vi.advanceTimersByTimeAsync(60_000);

      expect(result).toBe("done");
      expect(beats).toEqual([15, 30]);
    } finally {
      vi.useRealTimers();
    }
  });
});
