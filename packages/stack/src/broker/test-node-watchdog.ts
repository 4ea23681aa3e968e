/**
 * Runs as a process of its own beside every test node (startTestBroker):
 * `node test-node-watchdog.js <node name> <repository root>`. Its stdin is
 * a pipe from the test process that nobody writes to, so it ends only when
 * that process is gone, however it went: a Ctrl-C (vitest then exits
 * without running a teardown), SIGKILL, a CI timeout. It then kills the
 * node's VM and deletes its folder, which the test's own teardown would
 * have done. The VM runs detached in a session of its own and outlives the
 * test otherwise; so does this watchdog, which is detached too, so that the
 * terminal's Ctrl-C does not take it down with the test.
 *
 * After a teardown that destroyed the node, it finds nothing left to do.
 */
import { BrokerNode } from "./broker-node.js";
import { DEFAULT_BROKER_PORTS } from "./node-configuration.js";

function usage(): never {
  process.stderr.write("usage: test-node-watchdog <node name> <repository root>\n");
  process.exit(2);
}

const nodeName = process.argv[2] ?? usage();
const root = process.argv[3] ?? usage();

let destroying = false;
function destroyNode(): void {
  if (destroying) return;
  destroying = true;
  // destroy() needs only the name: it kills the VM the pid file (or /proc) names and deletes the folder.
  new BrokerNode(nodeName, DEFAULT_BROKER_PORTS, root).destroy().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`test node ${nodeName}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

process.stdin.once("end", destroyNode);
process.stdin.once("error", destroyNode);
process.stdin.resume();
