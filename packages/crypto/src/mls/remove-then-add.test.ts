// Welcomes into trees whose unmerged_leaves lists legitimately differ along a path. RFC 9420
// section 12.4.3.1 asks a joiner to check, for each entry L of a parent P's unmerged_leaves, that
// L is a non-blank leaf below P and that every non-blank node between L and P lists L too.
// ts-mls 1.6.4 demanded equal lists over L's whole direct path and refused such trees;
// packages/crypto/patches/ts-mls+1.6.4.patch makes it check what the RFC asks.
import type { ClientState, RatchetTree } from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { validateRatchetTree } from 'ts-mls/clientState.js';
import { describe, expect, it } from 'vitest';
import { MlsGroup } from './group.js';
import { mlsSuite } from './suite.js';
import { keyPackageOf, TestDirectory, type TestDevice } from './test-devices.js';

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

/** A group of `size` devices (leaves 0..size-1) made by the first one, every member joined. */
async function groupOf(size: number) {
  const dir = new TestDirectory();
  const devices = Array.from({ length: size }, (_, i) => dir.device(`u${i}`, `d${i}`));
  const creator = devices[0]!;
  const first = await MlsGroup.create('conv-rta', creator, creator.keys.signing, creator.auth);
  const pending = await first.commit({ add: await Promise.all(devices.slice(1).map(keyPackageOf)) });
  first.apply(pending);
  const groups = new Map<TestDevice, MlsGroup>([[creator, first]]);
  for (const d of devices.slice(1)) {
    groups.set(d, await MlsGroup.join(pending.welcome!, d.store, d.keys.signing, d.auth));
  }
  return { dir, devices, committer: first, groups };
}

/** Leaf 0 commits; every other member still in `groups` applies the commit. */
async function commitAll(
  committer: MlsGroup,
  groups: Map<TestDevice, MlsGroup>,
  change: Parameters<MlsGroup['commit']>[0],
) {
  const pending = await committer.commit(change);
  committer.apply(pending);
  for (const g of groups.values()) if (g !== committer) await g.receive(pending.commit);
  return pending;
}

/** 8 members; leaves 3 and 6 removed in one commit (leaf 0's path refills nodes 1, 3 and 7). */
async function afterRemoval() {
  const scenario = await groupOf(8);
  const { devices, committer, groups } = scenario;
  await commitAll(committer, groups, { remove: [3, 6] });
  for (const i of [3, 6]) {
    expect(groups.get(devices[i]!)!.active).toBe(false);
    groups.delete(devices[i]!);
  }
  return scenario;
}

const stateOf = (g: MlsGroup) => (g as unknown as { state: ClientState }).state;
const unmerged = (tree: RatchetTree, node: number) => {
  const n = tree[node];
  return n?.nodeType === 'parent' ? n.parent.unmergedLeaves : undefined;
};
/** A copy of the tree with one parent node's unmerged_leaves replaced. */
function withUnmerged(tree: RatchetTree, node: number, leaves: number[]): RatchetTree {
  const copy = tree.slice();
  const n = copy[node];
  if (n?.nodeType !== 'parent') throw new Error(`node ${node} is not a parent node`);
  copy[node] = { ...n, parent: { ...n.parent, unmergedLeaves: leaves } };
  return copy;
}
async function validate(g: MlsGroup, tree: RatchetTree) {
  const state = stateOf(g);
  const error = await validateRatchetTree(
    tree,
    state.groupContext,
    defaultClientConfig.lifetimeConfig,
    state.clientConfig.authService,
    state.groupContext.treeHash,
    await mlsSuite(),
  );
  return error?.message;
}

describe('MLS: add after remove (unmerged_leaves differing along a path)', () => {
  it('8 members, leaves 3 and 6 removed, then two devices added in one commit: both join and agree', async () => {
    const { dir, committer, groups } = await afterRemoval();
    const joiners = [dir.device('new1', 'n1'), dir.device('new2', 'n2')];
    const add = await commitAll(committer, groups, { add: await Promise.all(joiners.map(keyPackageOf)) });
    // The new devices fill the blank leaves 3 and 6, and the add commit has no path: node 3
    // (above leaves 0-3) lists [3], the root lists [3, 6]. Legitimate, and what 1.6.4 refused.
    expect(
      committer
        .leaves()
        .filter((l) => l.userId.startsWith('new'))
        .map((l) => l.leafIndex),
    ).toEqual([3, 6]);
    const tree = stateOf(committer).ratchetTree;
    expect([unmerged(tree, 3), unmerged(tree, 7)]).toEqual([[3], [3, 6]]);

    for (const j of joiners) groups.set(j, await MlsGroup.join(add.welcome!, j.store, j.keys.signing, j.auth));
    expect(new Set([...groups.values()].map((g) => g.epochAuthenticator)).size).toBe(1);
    expect([...groups.values()].map((g) => g.epoch)).toEqual(Array(8).fill(3));

    // The joiners read the group and are read by it.
    const hello = await committer.encrypt(text('welcome both'));
    for (const j of joiners) {
      const r = await groups.get(j)!.receive(hello);
      expect(r.kind === 'application' && read(r.plaintext)).toBe('welcome both');
    }
    const reply = await groups.get(joiners[1]!)!.encrypt(text('thanks'));
    for (const [d, g] of groups) {
      if (d === joiners[1]) continue;
      const r = await g.receive(reply);
      expect(r.kind === 'application' && read(r.plaintext)).toBe('thanks');
    }

    // A commit with a path from leaf 6 merges it (and clears the root); leaf 3 stays listed at
    // node 3, below that path. The group still agrees afterwards.
    const [first, second] = joiners.map((j) => groups.get(j)!) as [MlsGroup, MlsGroup];
    expect([first.unmerged, second.unmerged, committer.unmerged]).toEqual([true, true, false]);
    await commitAll(second, groups, {});
    expect([first.unmerged, second.unmerged]).toEqual([true, false]);
    await commitAll(first, groups, {});
    expect(first.unmerged).toBe(false);
    expect(new Set([...groups.values()].map((g) => g.epochAuthenticator)).size).toBe(1);
  });

  it('still refuses trees that break the RFC rules on unmerged_leaves', async () => {
    const { dir, committer, groups } = await afterRemoval();
    // Before the add: leaves 3 and 6 blank, nodes 3 and 7 non-blank with empty lists.
    const blankLeaves = stateOf(committer).ratchetTree;
    expect(await validate(committer, withUnmerged(blankLeaves, 3, [3]))).toMatch(/non-blank descendant leaf/);

    const joiners = [dir.device('new1', 'n1'), dir.device('new2', 'n2')];
    await commitAll(committer, groups, { add: await Promise.all(joiners.map(keyPackageOf)) });
    const tree = stateOf(committer).ratchetTree;
    expect(await validate(committer, tree)).toBeUndefined();
    // The root lists leaf 3 but node 3, between leaf 3 and the root, does not.
    expect(await validate(committer, withUnmerged(tree, 3, []))).toMatch(
      /non-blank intermediate node must list leaf node/,
    );
    // Node 3 covers leaves 0-3: leaf 5 (non-blank) is not below it.
    expect(await validate(committer, withUnmerged(tree, 3, [3, 5]))).toMatch(/non-blank descendant leaf/);
    // A leaf index past the tree.
    expect(await validate(committer, withUnmerged(tree, 7, [3, 6, 9]))).toMatch(/non-blank descendant leaf/);
  });
});
