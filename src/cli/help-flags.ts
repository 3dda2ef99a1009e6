/** Shared pieces of the help table (src/cli/help-table.ts): its types and the flags several commands share. */

/** One flag: `arg` names its value (string flags), `default` is what applies when it is not given. */
export interface FlagHelp {
  arg?: string;
  text: string;
  default?: string;
  /** The subcommands the flag applies to, for commands that have them. */
  for?: string[];
}

export interface SubcommandHelp {
  name: string;
  summary: string;
  examples: string[];
}

export interface CommandHelp {
  flags: Record<string, FlagHelp>;
  subcommands?: SubcommandHelp[];
  /** Worked examples (for commands with subcommands, each subcommand carries its own). */
  examples: string[];
}

export const SIGNER: Record<string, FlagHelp> = {
  key: {
    arg: 'FILE',
    text: 'sign with an armored OpenPGP secret key (passphrase: GATEHOUSE_PASSPHRASE or prompt)',
  },
  gpg: {
    arg: 'KEYID',
    text: 'sign through your gpg (agent, smartcard) with this key id, fingerprint or email',
  },
  'ssh-key': {
    arg: 'FILE',
    text: 'sign with an SSH private key (namespace gatehouse; ssh-keygen -Y sign if encrypted)',
  },
};

export const BASE_HEAD: Record<string, FlagHelp> = {
  base: { arg: 'REF', text: 'the base branch or commit; the change is merge-base(base, head)..head' },
  head: { arg: 'REF', text: 'the head commit of the change', default: 'HEAD' },
};

export const forAll = (flags: Record<string, FlagHelp>, subs: string[]): Record<string, FlagHelp> =>
  Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, { ...v, for: subs }]));

export const SECTIONS = (subs: string[]): Record<string, FlagHelp> => ({
  description: { arg: 'TEXT', text: 'text of the Description section', for: subs },
  cause: { arg: 'TEXT', text: 'text of the Cause section', for: subs },
  impact: { arg: 'TEXT', text: 'text of the Impact section', for: subs },
  response: { arg: 'TEXT', text: 'text of the Response section', for: subs },
  resolution: { arg: 'TEXT', text: 'text of the Resolution section', for: subs },
  prevention: { arg: 'TEXT', text: 'text of the Prevention section', for: subs },
});

export const CHANGE_FLAGS = (defaultLevel?: string): Record<string, FlagHelp> => ({
  id: { arg: 'CHG-…', text: 'the change id: writes changes/<id>/change.yaml (letters, digits, . _ -)' },
  proposer: { arg: 'ID', text: 'the proposing actor', default: 'the actor whose signing key is given' },
  level: defaultLevel
    ? { arg: 'L', text: 'the authority level 0-4 the proposer acts at', default: defaultLevel }
    : { arg: 'L', text: 'the authority level 0-4 to grant' },
  title: { arg: 'TEXT', text: 'the manifest title', default: 'one derived from the action' },
  justification: { arg: 'TEXT', text: 'why the change is needed (shown to approvers)' },
});
