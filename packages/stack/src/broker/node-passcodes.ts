import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrokerCredentials } from "./users.js";
import { BROKER_USERS } from "./users.js";

/** The logins whose published passwords no node of ours accepts: the site logins are public by design. */
const PRIVATE_LOGINS = ["admin", "consumer"] as const;
export type PrivateLogin = (typeof PRIVATE_LOGINS)[number];

/** A node's own copy of definitions.json, with its own admin and consumer passwords. */
const OWN_DEFINITIONS = "definitions.json";

/** The part of definitions.json a node rewrites. */
interface Definitions {
  users?: DefinitionsUser[];
}

interface DefinitionsUser {
  name: string;
  password?: string;
}

/**
 * The admin and consumer passwords of one node: always of the node's own,
 * made up on its first start and kept in its folder, so that a restart, or
 * every `pnpm broker:*` command, rebuilding the node from its name, finds
 * them. The published `admin` / `admin` and `consumer` / `consumer` would
 * let in any web page on this machine: Web-STOMP on 3.10 checks no Origin,
 * so a page's `new WebSocket("ws://127.0.0.1:15674/ws")` logs in as the
 * consumer, takes purchases off the country queues and answers them, and a
 * page that rebinds its host name to 127.0.0.1 reaches the management API
 * as a page of its own origin.
 */
export class NodePasscodes {
  /** The current password of each login: never the published one. */
  private readonly passcodes: Record<PrivateLogin, string>;
  /** Which of them the caller chose, rather than the node's folder or chance. */
  private readonly given: Record<PrivateLogin, boolean>;
  /** Which of them the node's folder still holds as published (an older checkout wrote it): the node has that one until a start writes its own. */
  private readonly publishedInFolder: Record<PrivateLogin, boolean>;

  /**
   * @param dataDir the node's folder, where its own definitions are kept
   * @param projectDefinitions rabbitmq/definitions.json, which they copy
   * @param chosen passwords the caller sets (a test node's), kept as given
   */
  constructor(
    private readonly dataDir: string,
    private readonly projectDefinitions: string,
    chosen: { admin?: string | undefined; consumer?: string | undefined } = {},
  ) {
    this.given = { admin: chosen.admin !== undefined, consumer: chosen.consumer !== undefined };
    const stored = { admin: this.storedPasscodeOf("admin"), consumer: this.storedPasscodeOf("consumer") };
    this.publishedInFolder = { admin: stored.admin === BROKER_USERS.admin.passcode, consumer: stored.consumer === BROKER_USERS.consumer.passcode };
    this.passcodes = {
      admin: chosen.admin ?? (this.publishedInFolder.admin ? undefined : stored.admin) ?? newPasscode(),
      consumer: chosen.consumer ?? (this.publishedInFolder.consumer ? undefined : stored.consumer) ?? newPasscode(),
    };
  }

  /** The login with the password the node has, or gets at its next start. */
  credentials(login: PrivateLogin): BrokerCredentials {
    return { login: BROKER_USERS[login].login, passcode: this.passcodes[login] };
  }

  /**
   * Whether the node runs with its own password for `login`, as far as its
   * folder tells: not before a start has written its own definitions, nor
   * while they still hold the published password an older checkout put
   * there. Until then the node has the published one, and the next start
   * gives it the one `credentials` names.
   */
  hasOwn(login: PrivateLogin): boolean {
    return existsSync(this.ownDefinitions) && !this.publishedInFolder[login];
  }

  /**
   * The definitions the node loads at every boot (and a start imports into
   * a node already running): a copy of the project's file in the node's
   * folder with the node's own admin and consumer passwords, so that a
   * restart keeps them. Called under the start lock: a password another
   * process's start wrote since this object was made is adopted, not
   * replaced, so the node never changes it under a `pnpm start` that
   * printed it. Readable by this user alone, and replaced whole, never left
   * half written. Returns the file's path.
   */
  writeDefinitions(): string {
    const definitions = JSON.parse(readFileSync(this.projectDefinitions, "utf8")) as Definitions;
    for (const login of PRIVATE_LOGINS) {
      if (!this.given[login]) this.passcodes[login] = this.ownPasscodeOf(login) ?? this.passcodes[login];
      const user = userOf(definitions, BROKER_USERS[login].login);
      if (user === undefined) throw new Error(`${this.projectDefinitions} has no ${BROKER_USERS[login].login} user`);
      user.password = this.passcodes[login];
      this.publishedInFolder[login] = false;
    }
    const written = `${this.ownDefinitions}.${process.pid}.tmp`;
    writeFileSync(written, `${JSON.stringify(definitions, null, 2)}\n`, { mode: 0o600 });
    renameSync(written, this.ownDefinitions);
    return this.ownDefinitions;
  }

  private get ownDefinitions(): string {
    return join(this.dataDir, OWN_DEFINITIONS);
  }

  /**
   * A login's password in the node's own definitions, once a start has
   * written them. A file that cannot be read counts as none: the next start
   * writes it anew, and no `pnpm broker:*` command, `reset` included, fails
   * on it.
   */
  private storedPasscodeOf(login: PrivateLogin): string | undefined {
    try {
      return userOf(JSON.parse(readFileSync(this.ownDefinitions, "utf8")) as Definitions, BROKER_USERS[login].login)?.password;
    } catch {
      return undefined;
    }
  }

  /** The stored password, unless it is the published one, which nodes of older checkouts kept for the consumer: that is no password of their own. */
  private ownPasscodeOf(login: PrivateLogin): string | undefined {
    const stored = this.storedPasscodeOf(login);
    return stored === BROKER_USERS[login].passcode ? undefined : stored;
  }
}

function newPasscode(): string {
  return randomBytes(12).toString("hex");
}

/** A login's entry in a definitions file. */
function userOf(definitions: Definitions, login: string): DefinitionsUser | undefined {
  return definitions.users?.find((user) => user.name === login);
}
