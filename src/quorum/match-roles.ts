/**
 * roles_all as a bipartite matching (DESIGN §3 Quorum): each required role must be filled by a
 * different approver, so one person holding two roles cannot fill both. Maximum matching by augmenting
 * paths (Kuhn's algorithm): O(roles × edges), tiny for policy-sized inputs. Deterministic: roles are
 * tried in the order given and candidates in the order given.
 */
export interface RoleCandidate {
  actor: string;
  /** Roles this approval may fill. */
  roles: readonly string[];
}

export interface RoleMatching {
  /** role → actor filling it */
  assignment: Map<string, string>;
  /** Required roles left unfilled, in the order required. */
  missing: string[];
}

export function matchRoles(required: readonly string[], candidates: readonly RoleCandidate[]): RoleMatching {
  const roles = [...new Set(required)];
  // edges: role index → candidate indices that hold it
  const edges: number[][] = roles.map((role) =>
    candidates.flatMap((c, i) => (c.roles.includes(role) ? [i] : [])),
  );
  const ownerOf = new Array<number>(candidates.length).fill(-1); // candidate → role index
  const roleTo = new Array<number>(roles.length).fill(-1); // role → candidate

  const augment = (r: number, seen: boolean[]): boolean => {
    for (const c of edges[r] as number[]) {
      if (seen[c]) continue;
      seen[c] = true;
      const holder = ownerOf[c] as number;
      if (holder < 0 || augment(holder, seen)) {
        ownerOf[c] = r;
        roleTo[r] = c;
        return true;
      }
    }
    return false;
  };
  for (let r = 0; r < roles.length; r++) augment(r, new Array<boolean>(candidates.length).fill(false));

  const assignment = new Map<string, string>();
  const missing: string[] = [];
  roles.forEach((role, r) => {
    const c = roleTo[r] as number;
    if (c >= 0) assignment.set(role, (candidates[c] as RoleCandidate).actor);
    else missing.push(role);
  });
  return { assignment, missing };
}
