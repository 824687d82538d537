import { describe, expect, it } from 'vitest';
import { assessInvestigation, buildInvestigationGraph, eventEntryId } from '../src/index.js';
import { checkInvariants, loadSample, sampleNames } from './evtx-samples.test-helpers.js';

const names = sampleNames();

describe('investigation graph over EVTX-ATTACK-SAMPLES excerpts (normalised by connector-windows)', () => {
  it('has the committed samples', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it.each(names)(
    '%s: every Sysmon 1 is a spawned edge between its guids, every Computer is in scope',
    (name) => {
      const { records, events } = loadSample(name);
      expect(events.length).toBe(records.length);
      const graph = buildInvestigationGraph(events);
      const { scope } = assessInvestigation({ events, graph });
      const report = checkInvariants(records, graph, scope.hosts);
      expect(report.missingSpawned).toEqual([]);
      expect(report.wrongUid).toEqual([]);
      expect(report.missingHosts).toEqual([]);
    },
  );

  it('links the whole tree of a sample and keeps the launch event as evidence', () => {
    const { records, events } = loadSample(
      'AutomatedTestingTools_Malware_sideloading_uacbypass_rundll32_injection_c2',
    );
    const graph = buildInvestigationGraph(events);
    const word = '{747F3D96-D8E5-5F8A-0000-0010E1BC7200}';
    const launches = records.filter(
      (record) =>
        record.Event.System.EventID === 1 && record.Event.EventData?.ParentProcessGuid === word,
    );
    expect(launches.length).toBeGreaterThanOrEqual(3);
    const children = graph.edges.filter(
      (edge) => edge.kind === 'spawned' && edge.from === `process:${word}`,
    );
    expect(children.map((edge) => edge.to).sort()).toEqual(
      launches.map((record) => `process:${String(record.Event.EventData?.ProcessGuid)}`).sort(),
    );
    for (const edge of children) {
      const launch = launches.find(
        (record) => `process:${String(record.Event.EventData?.ProcessGuid)}` === edge.to,
      );
      expect(edge.evidence.map((id) => id.slice(id.lastIndexOf('/') + 1))).toContain(
        String(launch?.Event.System.EventRecordID),
      );
    }
    const node = graph.nodes.find((candidate) => candidate.id === `process:${word}`);
    expect(node?.uid).toBe(word);
    expect(node?.name).toBe('C:\\Users\\IEUser\\AppData\\Roaming\\WINWORD.exe');
    expect(node?.attributes.cmd_line).toBe(
      'C:\\Users\\IEUser\\AppData\\Roaming\\WINWORD.exe --xStart',
    );
    // Injection (Sysmon 8) and the host / user links.
    expect(
      graph.edges.some((edge) => edge.kind === 'injected-into' && edge.from === `process:${word}`),
    ).toBe(true);
    expect(
      graph.edges.some((edge) => edge.id === `process:${word}|executed-on|host:msedgewin10`),
    ).toBe(true);
    expect(
      graph.edges.some((edge) => edge.from === `process:${word}` && edge.kind === 'ran-as'),
    ).toBe(true);
    expect(graph.edges.some((edge) => edge.kind === 'loaded')).toBe(true);
    expect(graph.edges.some((edge) => edge.kind === 'wrote')).toBe(true);
  });

  it('gives a process seen only as a parent a node named from its image', () => {
    const { events } = loadSample('Lateral_Movement_LM_typical_IIS_webshell_sysmon_1_10_traces');
    const graph = buildInvestigationGraph(events);
    const w3wp = graph.nodes.find((node) => node.name?.toLowerCase().endsWith('\\w3wp.exe'));
    expect(w3wp?.kind).toBe('process');
    expect(w3wp?.uid).toBe(w3wp?.id.slice('process:'.length));
    expect(graph.edges.some((edge) => edge.kind === 'spawned' && edge.from === w3wp?.id)).toBe(
      true,
    );
  });

  it('keys a Security 4688 process without a uid by host, pid and start time, without a uid', () => {
    const { events } = loadSample('Privilege_Escalation_NTLM2SelfRelay-med0x2e-security_4624_4688');
    const graph = buildInvestigationGraph(events);
    const notepad = graph.nodes.find((node) => node.name?.toLowerCase().endsWith('notepad.exe'));
    expect(notepad?.uid).toBeUndefined();
    expect(notepad?.id).toMatch(/^process:wind10\.winlab\.local\|\d+\|\d+$/);
    expect(graph.edges.some((edge) => edge.kind === 'spawned' && edge.to === notepad?.id)).toBe(
      true,
    );
    // 4624 type 3: the user logged on to the host, authenticated from the source IP.
    expect(
      graph.edges.some(
        (edge) => edge.kind === 'logged-on' && edge.to === 'host:wind10.winlab.local',
      ),
    ).toBe(true);
    expect(
      graph.edges.some(
        (edge) => edge.kind === 'authenticated-from' && edge.to === 'ip:192.168.1.219',
      ),
    ).toBe(true);
  });

  it('caps evidence per edge and uses the given entry ids', () => {
    const { events } = loadSample('Lateral_Movement_LM_REMCOM_5145_TargetHost');
    const ids = events.map((_, index) => `entry-${index}`);
    const graph = buildInvestigationGraph(events, { evidenceLimit: 2, entryIds: ids });
    const busiest = [...graph.edges].sort((a, b) => b.count - a.count)[0];
    expect(busiest?.count).toBeGreaterThan(2);
    expect(busiest?.evidence).toHaveLength(2);
    expect(busiest?.evidence.every((id) => ids.includes(id))).toBe(true);
    const defaults = buildInvestigationGraph(events);
    expect(
      defaults.edges
        .flatMap((edge) => edge.evidence)
        .every((id) => events.some((event) => eventEntryId(event) === id)),
    ).toBe(true);
  });
});
