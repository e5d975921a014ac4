package vn.cantho.ioc.adapters.opcua;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/** The endpoint security the adapter asks for; the name is what the mapping file says. */
public enum OpcUaSecurity {
  NONE("None", SecurityPolicy.None, MessageSecurityMode.None),
  BASIC256SHA256(
      "Basic256Sha256", SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt);

  private final String fileName;
  private final SecurityPolicy policy;
  private final MessageSecurityMode mode;

  OpcUaSecurity(String fileName, SecurityPolicy policy, MessageSecurityMode mode) {
    this.fileName = fileName;
    this.policy = policy;
    this.mode = mode;
  }

  public String fileName() {
    return fileName;
  }

  SecurityPolicy policy() {
    return policy;
  }

  MessageSecurityMode mode() {
    return mode;
  }

  static OpcUaSecurity fromFileName(String name) {
    for (OpcUaSecurity s : values()) {
      if (s.fileName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown securityPolicy \""
            + name
            + "\", expected one of "
            + Arrays.stream(values()).map(s -> s.fileName).collect(Collectors.joining(", ")));
  }
}
