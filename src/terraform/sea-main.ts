// The main of the provider's single executable (`consul-peering-terraform package`): Terraform starts it with no
// arguments, and it serves; it needs no Node installed and carries no `install` or `schema` command.
import { serve } from './main';

serve().catch((error: unknown) => {
  process.stderr.write(`[ERROR] consulpeering: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
