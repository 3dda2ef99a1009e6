/**
 * One GitHub issue per monitor alert fingerprint (DESIGN §6). The issue carries the label `gatehouse-alert`
 * and a hidden marker `<!-- gatehouse-alert:FP -->` in its body, which is how it is found again: a firing
 * alert updates its open issue (or reopens a closed one) instead of opening a duplicate; an open issue whose
 * alert no longer fires is closed with a comment.
 */
import type { GithubApi } from './api.js';
import type { Alert, IssueSummary, RepoRef } from './types.js';

export const ALERT_LABEL = 'gatehouse-alert';

export function alertMarker(fingerprint: string): string {
  return `<!-- gatehouse-alert:${fingerprint} -->`;
}

const MARKER = /<!-- gatehouse-alert:([^\s>]+) -->/;

export function fingerprintOf(issue: Pick<IssueSummary, 'body'>): string | undefined {
  return MARKER.exec(issue.body)?.[1];
}

export function alertIssueBody(alert: Alert): string {
  const facts = [
    `**Severity:** ${alert.severity}`,
    ...(alert.rule ? [`**Invariant:** \`${alert.rule}\``] : []),
    ...(alert.owner ? [`**Owner:** ${alert.owner}`] : []),
    ...(alert.responseTime ? [`**Respond within:** ${alert.responseTime}`] : []),
  ];
  const playbook =
    alert.playbook && alert.playbook.length > 0
      ? `\n\n**Playbook**\n\n${alert.playbook.map((s, i) => `${i + 1}. ${s}`).join('\n')}`
      : '';
  return `${alertMarker(alert.fingerprint)}\n${facts.join('  \n')}\n\n${alert.body}${playbook}\n`;
}

export function alertIssueTitle(alert: Alert): string {
  return `[gatehouse] ${alert.title}`.slice(0, 256);
}

export interface AlertSync {
  created: { fingerprint: string; issue: number }[];
  updated: { fingerprint: string; issue: number }[];
  unchanged: { fingerprint: string; issue: number }[];
  closed: { fingerprint: string; issue: number }[];
}

export async function syncAlerts(
  api: GithubApi,
  repo: RepoRef,
  alerts: readonly Alert[],
  opts: { closeResolved?: boolean } = {},
): Promise<AlertSync> {
  const out: AlertSync = { created: [], updated: [], unchanged: [], closed: [] };
  const byFp = new Map<string, IssueSummary>();
  for (const issue of await api.listIssues(repo, ALERT_LABEL)) {
    const fp = fingerprintOf(issue);
    if (fp === undefined) continue;
    const seen = byFp.get(fp);
    // Prefer an open issue; among equals the oldest (lowest number) is the one that tracks the alert.
    if (!seen || (seen.state === 'closed' && issue.state === 'open')) byFp.set(fp, issue);
  }
  const firing = new Set<string>();
  for (const alert of alerts) {
    if (firing.has(alert.fingerprint)) continue; // one issue per fingerprint, even if reported twice
    firing.add(alert.fingerprint);
    const title = alertIssueTitle(alert);
    const body = alertIssueBody(alert);
    const issue = byFp.get(alert.fingerprint);
    if (!issue) {
      const number = await api.createIssue(repo, { title, body, labels: [ALERT_LABEL] });
      out.created.push({ fingerprint: alert.fingerprint, issue: number });
    } else if (issue.state === 'closed' || issue.body !== body || issue.title !== title) {
      await api.updateIssue(repo, issue.number, {
        title,
        body,
        ...(issue.state === 'closed' ? { state: 'open' as const, state_reason: 'reopened' as const } : {}),
      });
      out.updated.push({ fingerprint: alert.fingerprint, issue: issue.number });
    } else {
      out.unchanged.push({ fingerprint: alert.fingerprint, issue: issue.number });
    }
  }
  if (opts.closeResolved ?? true) {
    for (const [fp, issue] of byFp) {
      if (firing.has(fp) || issue.state !== 'open') continue;
      await api.commentIssue(repo, issue.number, 'Gatehouse monitor: this alert no longer fires; closing.');
      await api.updateIssue(repo, issue.number, { state: 'closed', state_reason: 'completed' });
      out.closed.push({ fingerprint: fp, issue: issue.number });
    }
  }
  return out;
}
