/**
 * ts-mls objects <-> values of our generated RFC 9420 codec. The pipeline
 * serialises every application message with the generated MLSMessage codec
 * and checks the bytes against ts-mls's own encoder; receivers decode with
 * the generated codec and hand ts-mls the converted object.
 */
import type { MLSMessage, PrivateMessage } from "../../generated/rfc9420/index.js";
import type { PrivateMessage as TsPrivateMessage } from "ts-mls/privateMessage.js";
import { reject } from "./errors.js";

export function fromTsPrivateMessage(pm: TsPrivateMessage): MLSMessage {
  return {
    version: "mls10",
    wire_format: "mls_private_message",
    private_message: {
      group_id: pm.groupId,
      epoch: pm.epoch,
      content_type: pm.contentType,
      authenticated_data: pm.authenticatedData,
      encrypted_sender_data: pm.encryptedSenderData,
      ciphertext: pm.ciphertext,
    },
  };
}

export function toTsPrivateMessage(pm: PrivateMessage, path: string): TsPrivateMessage {
  const ct = pm.content_type;
  if (ct !== "application" && ct !== "proposal" && ct !== "commit") {
    reject("mls", "protocol/not-application", `${path}.content_type`, `content_type ${String(ct)} is not an MLS content type`);
  }
  return {
    groupId: pm.group_id,
    epoch: pm.epoch,
    contentType: ct,
    authenticatedData: pm.authenticated_data,
    encryptedSenderData: pm.encrypted_sender_data,
    ciphertext: pm.ciphertext,
  };
}
