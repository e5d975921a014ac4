package vn.cantho.ioc.core.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * E-mail over SMTP (Jakarta Mail). SMTP's codes are the reverse of HTTP's habit: 4xx is "try
 * later", 5xx is "never", so a 5xx reply rejects and everything else is retried. The Message-ID is
 * built from the idempotency key, so a resend is recognisably the same message.
 */
public final class SmtpSender implements Sender {
  /** Where to send from and through. */
  public record Config(
      String host, int port, String from, String username, String password, boolean startTls) {
    @Override
    public String toString() {
      return "SmtpSender.Config[" + username + "@" + host + ":" + port + ", from " + from + "]";
    }
  }

  private final Session session;
  private final InternetAddress from;

  public SmtpSender(Config config) throws AddressException {
    Properties p = new Properties();
    p.put("mail.smtp.host", config.host());
    p.put("mail.smtp.port", String.valueOf(config.port()));
    p.put("mail.smtp.connectiontimeout", "5000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "10000");
    p.put("mail.smtp.starttls.enable", String.valueOf(config.startTls()));
    p.put("mail.smtp.starttls.required", String.valueOf(config.startTls()));
    Authenticator auth = null;
    if (config.username() != null && !config.username().isEmpty()) {
      p.put("mail.smtp.auth", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(config.username(), config.password());
            }
          };
    }
    this.session = Session.getInstance(p, auth);
    this.from = new InternetAddress(config.from(), true);
  }

  @Override
  public Delivery send(Outgoing m) {
    try {
      MimeMessage mail =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", "<" + m.idempotencyKey() + "@ioc.cantho>");
            }
          };
      mail.setFrom(from);
      mail.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(m.address(), true));
      mail.setSubject(m.title(), StandardCharsets.UTF_8.name());
      mail.setText(m.body(), StandardCharsets.UTF_8.name());
      Transport.send(mail);
      return Delivery.delivered("accepted by " + session.getProperty("mail.smtp.host"));
    } catch (AddressException e) {
      return Delivery.rejected("not an e-mail address: " + e.getMessage());
    } catch (SMTPAddressFailedException e) {
      return byReplyCode(e.getReturnCode(), e.getMessage());
    } catch (SMTPSendFailedException e) {
      return byReplyCode(e.getReturnCode(), e.getMessage());
    } catch (SendFailedException e) {
      Exception next = e.getNextException();
      if (next instanceof SMTPAddressFailedException a) {
        return byReplyCode(a.getReturnCode(), a.getMessage());
      }
      return Delivery.retry("send failed: " + e.getMessage());
    } catch (MessagingException e) {
      return Delivery.retry("SMTP: " + e.getMessage());
    }
  }

  private static Delivery byReplyCode(int code, String message) {
    String detail = "SMTP " + code + ": " + message.strip();
    return code >= 500 ? Delivery.rejected(detail) : Delivery.retry(detail);
  }
}
