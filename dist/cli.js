#!/usr/bin/env node
import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);

// src/cli/main.ts
import { parseArgs } from "node:util";
import { resolve } from "node:path";

// src/cli/registry.ts
var commands = [];
function findCommand(name) {
  return commands.find((c) => c.name === name);
}

// src/errors/errors.ts
var GatehouseError = class extends Error {
  code;
  problems;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "GatehouseError";
    this.code = code;
    this.problems = options.problems ?? [];
  }
};
function usageError(message) {
  return new GatehouseError("usage", message);
}
function exitCodeFor(err) {
  if (err instanceof GatehouseError && err.code !== "internal") return 2;
  return 3;
}

// src/cli/args.ts
function parseIsoFlag(name, v) {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  const d = new Date(v);
  if (!ok || Number.isNaN(d.getTime()))
    throw usageError(`--${name} expects an ISO-8601 time with a zone, e.g. 2026-01-18T14:30:00Z; found "${v}"`);
  return d;
}

// src/cli/main.ts
var GLOBAL = {
  repo: { type: "string" },
  json: { type: "boolean", default: false },
  now: { type: "string" },
  help: { type: "boolean", short: "h", default: false }
};
function helpText() {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: gatehouse <command> [--repo DIR] [--json] [--now ISO-8601]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "exit codes: 0 ok/allowed, 1 denied or violation found, 2 bad input, 3 internal error"
  ].join("\n");
}
async function main(argv, env = process.env) {
  const out = (t) => void process.stdout.write(t.endsWith("\n") ? t : `${t}
`);
  const err = (t) => void process.stderr.write(t.endsWith("\n") ? t : `${t}
`);
  const [name, ...rest] = argv;
  try {
    if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
      out(helpText());
      return name === void 0 ? 2 : 0;
    }
    const command = findCommand(name);
    if (!command) throw usageError(`unknown command "${name}"
${helpText()}`);
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL, ...command.options }, allowPositionals: true, strict: true });
    } catch (e) {
      throw usageError(`${e.message}
usage: ${command.usage}`);
    }
    if (parsed.values.help) {
      out(`usage: ${command.usage}

${command.summary}`);
      return 0;
    }
    const nowFlag = parsed.values.now;
    const ctx = {
      repo: resolve(typeof parsed.values.repo === "string" ? parsed.values.repo : "."),
      json: parsed.values.json === true,
      now: typeof nowFlag === "string" ? parseIsoFlag("now", nowFlag) : /* @__PURE__ */ new Date(),
      stdout: out,
      stderr: err,
      isTTY: Boolean(process.stdout.isTTY),
      env
    };
    return await command.run(ctx, { values: parsed.values, positionals: parsed.positionals });
  } catch (e) {
    const code = exitCodeFor(e);
    if (e instanceof GatehouseError && code === 2) err(`gatehouse: ${e.message}`);
    else err(`gatehouse: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return code;
  }
}

// src/cli.ts
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`gatehouse: internal error: ${String(e)}
`);
    process.exitCode = 3;
  }
);
