// The ReBAC benchmark's data set: organizations -> nested teams -> nested folders -> documents, with owners, editors
// and viewers, generated deterministically (a seeded PRNG), so every contender and every run sees the same tuples.

/** The OpenFGA model the data set is written for (documents in folders owned by teams). */
export const MODEL_DSL = `model
  schema 1.1

type user

type organization
  relations
    define admin: [user]
    define member: [user] or admin

type team
  relations
    define organization: [organization]
    define parent: [team]
    define member: [user, team#member]

type folder
  relations
    define organization: [organization]
    define parent: [folder]
    define owner: [user, team#member, organization#admin] or owner from parent
    define editor: [user, team#member] or owner or editor from parent
    define viewer: [user, team#member, organization#member] or editor or viewer from parent

type document
  relations
    define parent: [folder]
    define owner: [user, team#member]
    define editor: [user, team#member] or owner or editor from parent
    define viewer: [user, team#member] or editor or viewer from parent
    define can_delete: owner or owner from parent
`;

/**
 * The same model in SpiceDB's schema language, translated by hand: relations that OpenFGA lets a rewrite both
 * assign directly and compute become a relation (the direct part, `direct_*`) and a permission of the OpenFGA name;
 * `x from parent` is `parent->x`. Written with newlines: SpiceDB does not parse a one-line schema.
 */
export const SPICEDB_SCHEMA = `definition user {}

definition organization {
  relation admin: user
  relation direct_member: user
  permission member = direct_member + admin
}

definition team {
  relation organization: organization
  relation parent: team
  relation direct_member: user | team#member
  permission member = direct_member
}

definition folder {
  relation organization: organization
  relation parent: folder
  relation direct_owner: user | team#member | organization#admin
  relation direct_editor: user | team#member
  relation direct_viewer: user | team#member | organization#member
  permission owner = direct_owner + parent->owner
  permission editor = direct_editor + owner + parent->editor
  permission viewer = direct_viewer + editor + parent->viewer
}

definition document {
  relation parent: folder
  relation direct_owner: user | team#member
  relation direct_editor: user | team#member
  relation direct_viewer: user | team#member
  permission owner = direct_owner
  permission editor = direct_editor + owner + parent->editor
  permission viewer = direct_viewer + editor + parent->viewer
  permission can_delete = owner + parent->owner
}
`;

/** The SpiceDB relation a tuple's OpenFGA relation is stored under (see SPICEDB_SCHEMA). */
export function spicedbRelation(type, relation) {
  if (relation === 'member' && (type === 'organization' || type === 'team')) return 'direct_member';
  if (['owner', 'editor', 'viewer'].includes(relation)) return `direct_${relation}`;
  return relation;
}

/** mulberry32: a small seeded PRNG, so the data set is the same on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One organization at full size: 3 departments x 4 teams x 3 squads (three levels of nested teams), folders four
// levels deep (4 x 5 x 5 x 5), 12,500 documents; about 45,000 tuples. Smaller data sets shrink the documents only.
const USERS_PER_ORG = 1000;
const DEPARTMENTS = 3;
const TEAMS_PER_DEPARTMENT = 4;
const SQUADS_PER_TEAM = 3;
const FOLDER_FANOUT = [4, 5, 5, 5];
const DOCUMENTS_PER_ORG = 12_500;
const TUPLES_PER_DOCUMENT = 3.05; // parent + owner + (0.6 viewer) + (0.45 team editor), see generateTuples
const ORG_FIXED_TUPLES = 4_045; // users, teams, folders and their roles (measured from the generator)

/**
 * The shape for at least `targetTuples` tuples (give or take the PRNG's 0.5%): as few organizations as hold them,
 * with as many documents each (at most 12,500) as make up the rest.
 */
export function shapeFor(targetTuples) {
  const perOrg = ORG_FIXED_TUPLES + DOCUMENTS_PER_ORG * TUPLES_PER_DOCUMENT;
  const organizations = Math.max(1, Math.ceil(targetTuples / perOrg));
  const documentsPerOrg = Math.max(
    100,
    Math.min(
      DOCUMENTS_PER_ORG,
      Math.ceil(((1.005 * targetTuples) / organizations - ORG_FIXED_TUPLES) / TUPLES_PER_DOCUMENT),
    ),
  );
  return { organizations, usersPerOrg: USERS_PER_ORG, documentsPerOrg };
}

/** The names of one organization's teams and folders, shared by the generator and the samplers. */
function orgLayout(o) {
  const departments = [];
  const teams = [];
  const squads = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    const department = `team:o${o}d${d}`;
    departments.push(department);
    for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++) {
      const team = `${department}t${t}`;
      teams.push({ team, department });
      for (let s = 0; s < SQUADS_PER_TEAM; s++) squads.push({ squad: `${team}s${s}`, team });
    }
  }
  const levels = [[`folder:o${o}f`]];
  for (const fanout of FOLDER_FANOUT) {
    const above = levels.at(-1);
    levels.push(above.flatMap((parent) => Array.from({ length: fanout }, (_, i) => `${parent}${i}_`)));
  }
  levels.shift(); // the root name is only a prefix; level 0 is the top-level folders
  return { departments, teams, squads, folderLevels: levels };
}

/**
 * Generates the tuples as `{ user, relation, object }`, in batches of `batchSize` (callers write or import them batch
 * by batch). Per organization: two admins, every user an organization member and in one squad (one in five in a
 * second one), squads in teams in departments; each top-level folder owned by a department (or the organization's
 * admins) and viewable by the organization; editors on folders at every level; documents under folders of the
 * lower levels, each with an owner, often a viewer and a team of editors.
 */
export function* generateTuples({ organizations, usersPerOrg, documentsPerOrg }, batchSize = 10_000) {
  const random = prng(0x7e55e7a);
  const pick = (list) => list[Math.floor(random() * list.length)];
  let batch = [];
  const emit = function* (user, relation, object) {
    batch.push({ user, relation, object });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  };
  for (let o = 0; o < organizations; o++) {
    const org = `organization:o${o}`;
    const { departments, teams, squads, folderLevels } = orgLayout(o);
    const users = Array.from({ length: usersPerOrg }, (_, u) => `user:o${o}u${u}`);
    yield* emit(users[0], 'admin', org);
    yield* emit(users[1], 'admin', org);
    for (const user of users.slice(2)) yield* emit(user, 'member', org);
    for (const department of departments) yield* emit(org, 'organization', department);
    for (const { team, department } of teams) {
      yield* emit(org, 'organization', team);
      yield* emit(department, 'parent', team);
      yield* emit(`${team}#member`, 'member', department);
    }
    for (const { squad, team } of squads) {
      yield* emit(org, 'organization', squad);
      yield* emit(team, 'parent', squad);
      yield* emit(`${squad}#member`, 'member', team);
    }
    for (const user of users.slice(2)) {
      const squad = Math.floor(random() * squads.length);
      yield* emit(user, 'member', squads[squad].squad);
      // A second squad, never the same one (the data set has no duplicate tuples).
      const other = (squad + 1 + Math.floor(random() * (squads.length - 1))) % squads.length;
      if (random() < 0.2) yield* emit(user, 'member', squads[other].squad);
    }
    const [top, ...lower] = folderLevels;
    for (const [i, folder] of top.entries()) {
      yield* emit(org, 'organization', folder);
      // One top-level folder belongs to the organization's admins, the others to a department each.
      yield* emit(i === 0 ? `${org}#admin` : `${departments[(i - 1) % DEPARTMENTS]}#member`, 'owner', folder);
      yield* emit(`${org}#member`, 'viewer', folder);
    }
    for (const [level, folders] of lower.entries()) {
      const above = level === 0 ? top : lower[level - 1];
      const fanout = FOLDER_FANOUT[level + 1];
      for (const [i, folder] of folders.entries()) {
        yield* emit(above[Math.floor(i / fanout)], 'parent', folder);
        yield* emit(org, 'organization', folder);
        if (level === 0) yield* emit(`${pick(teams).team}#member`, 'editor', folder);
        if (level === 1) yield* emit(`${pick(squads).squad}#member`, 'editor', folder);
        if (random() < 0.3) yield* emit(pick(users), 'editor', folder);
        if (random() < 0.2) yield* emit(`${pick(squads).squad}#member`, 'viewer', folder);
      }
    }
    // Documents live in the two lowest levels of folders, most in the lowest.
    const [, middle, , lowest] = [top, ...lower];
    for (let d = 0; d < documentsPerOrg; d++) {
      const doc = `document:o${o}d${d}`;
      yield* emit(random() < 0.85 ? pick(lowest) : pick(middle), 'parent', doc);
      yield* emit(pick(users), 'owner', doc);
      if (random() < 0.6) yield* emit(pick(users), 'viewer', doc);
      if (random() < 0.45) yield* emit(`${pick(squads).squad}#member`, 'editor', doc);
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Check requests over the data set, allowed and denied mixed: the document's owner or viewer (a short proof), a
 * user of the same organization (allowed through folders and nested teams, or denied after walking them), or a
 * user of another organization (denied after walking the whole tree).
 */
export function sampleChecks({ organizations, usersPerOrg, documentsPerOrg }, count, seed = 42) {
  const random = prng(seed);
  const int = (n) => Math.floor(random() * n);
  const relations = ['viewer', 'viewer', 'editor', 'editor', 'can_delete'];
  return Array.from({ length: count }, () => {
    const o = int(organizations);
    const userOrg = random() < 0.8 || organizations === 1 ? o : int(organizations);
    return {
      object: `document:o${o}d${int(documentsPerOrg)}`,
      relation: relations[int(relations.length)],
      user: `user:o${userOrg}u${int(usersPerOrg)}`,
    };
  });
}

/**
 * Role checks (organization admin and member, team membership), allowed and denied mixed, for the comparison with
 * casbin's RBAC with domains: `{ user, relation, object }` on `organization:` and `team:` objects.
 */
export function sampleRoleChecks({ organizations, usersPerOrg }, count, seed = 7) {
  const random = prng(seed);
  const int = (n) => Math.floor(random() * n);
  return Array.from({ length: count }, () => {
    const o = int(organizations);
    const userOrg = random() < 0.8 || organizations === 1 ? o : int(organizations);
    const user = `user:o${userOrg}u${int(usersPerOrg)}`;
    const kind = int(4);
    if (kind === 0) return { user, relation: 'admin', object: `organization:o${o}` };
    if (kind === 1) return { user, relation: 'member', object: `organization:o${o}` };
    const { departments, teams, squads } = orgLayout(o);
    const team = kind === 2 ? departments[int(departments.length)] : teams[int(teams.length)].team;
    return { user, relation: 'member', object: random() < 0.3 ? squads[int(squads.length)].squad : team };
  });
}

/** The tuples casbin's role assignments are made of: organization roles and team memberships. */
export function isRoleTuple({ object }) {
  return object.startsWith('organization:') || object.startsWith('team:');
}
