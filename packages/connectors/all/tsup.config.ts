import { defineConfig } from 'tsup';
import { packageDefaults } from '../../../tsup.shared.js';

export default defineConfig({
  ...packageDefaults(import.meta.url),
  entry: [
    'src/index.ts',
    'src/testing.ts',
    'src/simulators.ts',
    'src/crowdstrike.ts',
    'src/defender.ts',
    'src/sentinelone.ts',
    'src/okta.ts',
    'src/entra.ts',
    'src/windows.ts',
    'src/rest.ts',
    'src/zeek.ts',
    'src/suricata.ts',
    'src/darktrace.ts',
    'src/panos.ts',
    'src/elastic.ts',
    'src/splunk.ts',
    'src/sentinel.ts',
    'src/cloudtrail.ts',
    'src/guardduty.ts',
    'src/securityhub.ts',
    'src/securitylake.ts',
    'src/aws.ts',
    'src/taxii.ts',
    'src/misp.ts',
    'src/intel-feeds.ts',
  ],
});
