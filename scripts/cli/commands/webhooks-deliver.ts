import { deliverDueWebhooks } from "../../../lib/webhooks/deliver";
import { emit, options, type Command } from "../command";

// Sends due webhook deliveries once, or keeps doing so every 10 s with --watch.
const command: Command = {
  name: "webhooks-deliver",
  summary: "send due webhook deliveries (retries with backoff); --watch keeps running",
  async run(args) {
    const { values } = options(args, { watch: { type: "boolean" } });
    do {
      const tally = await deliverDueWebhooks();
      emit({ DELIVERED: tally.delivered, RETRYING: tally.retried, FAILED: tally.failed });
      if (values.watch) await new Promise((r) => setTimeout(r, 10_000));
    } while (values.watch);
  },
};

export default command;
