// The e-mail channel (邮件): delivers a rendered reminder over SMTP with Poco Mail. The subject
// and the sender's name are encoded words (RFC 2047), the body UTF-8 in base64, and the
// Message-ID is the message's own stable id, so a message sent again after a crash is the same
// message to the receiving side. A message with attachments (the day's 问题清单) is
// multipart/mixed: the text first, then each file in base64 under its encoded name.
//
// settings:
//   host: smtp.example.cn        # required
//   port: 25                     # 25 (default), 465 with security: ssl, 587 with starttls
//   security: none               # none | starttls | ssl
//   username: duban@example.cn   # optional: AUTH LOGIN
//   password_env: DUBAN_SMTP_PASSWORD   # the password is read from this environment variable
//   from: duban@example.cn       # required: the sender address
//   from_name: 示范县督办系统
//   timeout_seconds: 20
//   verify_certificate: true     # starttls/ssl: check the server's certificate
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/Timespan.h>

#include <cstdlib>
#include <regex>

#include "duban_plugin.hpp"
#include "settings.hpp"

namespace {

using duban::plugin::Message;
using duban::plugin::SendResult;
using duban::plugin::SendStatus;

// The SMTP reply code in a Poco exception's text ("... 550 5.1.1 No such user"): 5xx is
// permanent, anything else (4xx, connection refused, timeout) is worth another try.
SendResult classify(const std::string& what) {
  static const std::regex kCode("\\b([45])[0-9][0-9]\\b");
  std::smatch m;
  if (std::regex_search(what, m, kCode) && m[1] == "5") {
    return {SendStatus::permanent, what, std::nullopt};
  }
  return {SendStatus::retry, what, std::nullopt};
}

class EmailChannel final : public duban::plugin::Plugin, public duban::plugin::Channel {
 public:
  explicit EmailChannel(duban::plugin::Host& host) : host_(host) {}

  void configure(duban::plugin::Section& s) override {
    host_name_ = s.string("host", true).value_or("");
    port_ = static_cast<int>(s.integer("port", 1, 65535).value_or(25));
    security_ = s.string("security").value_or("none");
    if (security_ != "none" && security_ != "starttls" && security_ != "ssl") {
      s.error("security", "应为 none、starttls 或 ssl", "expected none, starttls or ssl");
    }
    username_ = s.string("username").value_or("");
    password_ = duban_settings::secret_from_env(s, "password_env");
    from_ = s.string("from", true).value_or("");
    if (!from_.empty() && from_.find('@') == std::string::npos) {
      s.error("from", "发件地址无效:" + from_, "invalid sender address: " + from_);
    }
    from_name_ = s.string("from_name").value_or("");
    timeout_ = static_cast<int>(s.integer("timeout_seconds", 1, 300).value_or(20));
    verify_ = s.boolean("verify_certificate").value_or(true);
    domain_ = from_.substr(from_.find('@') + 1);
  }
  duban::plugin::Channel* channel() override { return this; }

  SendResult send(const Message& m) override {
    try {
      Poco::Net::MailMessage mail;
      mail.setSender(from_name_.empty() ? from_
                                        : Poco::Net::MailMessage::encodeWord(from_name_, "UTF-8") +
                                              " <" + from_ + ">");
      mail.addRecipient(
          Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, m.to_address,
                                   Poco::Net::MailMessage::encodeWord(m.to_name, "UTF-8")));
      mail.setSubject(Poco::Net::MailMessage::encodeWord(m.subject, "UTF-8"));
      mail.set("Message-ID", "<" + m.id + "@" + domain_ + ">");
      if (m.attachments.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(m.body, Poco::Net::MailMessage::ENCODING_BASE64);
      } else {
        mail.addContent(new Poco::Net::StringPartSource(m.body, "text/plain; charset=UTF-8"),
                        Poco::Net::MailMessage::ENCODING_BASE64);
        for (const auto& a : m.attachments) {
          // Poco writes names as given: a Chinese file name goes as an encoded word.
          auto name = Poco::Net::MailMessage::encodeWord(a.name, "UTF-8");
          mail.addAttachment(name, new Poco::Net::StringPartSource(a.content, a.media_type, name),
                             Poco::Net::MailMessage::ENCODING_BASE64);
        }
      }
      deliver(mail);
      host_.log("sent " + m.id + " to " + m.to_address);
      return {SendStatus::sent, "250", std::nullopt};
    } catch (const Poco::Exception& e) {
      return classify(e.displayText());
    }
  }

 private:
  Poco::Net::Context::Ptr context() const {
    return new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
        verify_ ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE, 9, true);
  }
  void deliver(const Poco::Net::MailMessage& mail) {
    Poco::Timespan timeout(timeout_, 0);
    if (security_ == "ssl") {
      Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress(host_name_, port_), context());
      socket.setReceiveTimeout(timeout);
      Poco::Net::SMTPClientSession session(socket);
      session.setTimeout(timeout);
      login_and_send(session, mail);
      return;
    }
    if (security_ == "starttls") {
      Poco::Net::SecureSMTPClientSession session(host_name_, static_cast<Poco::UInt16>(port_));
      session.setTimeout(timeout);
      session.login();
      if (!session.startTLS(context())) throw Poco::Net::SMTPException("STARTTLS refused (454)");
      if (!username_.empty()) {
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, username_, password_);
      }
      session.sendMessage(mail);
      session.close();
      return;
    }
    Poco::Net::SMTPClientSession session(host_name_, static_cast<Poco::UInt16>(port_));
    session.setTimeout(timeout);
    login_and_send(session, mail);
  }
  void login_and_send(Poco::Net::SMTPClientSession& session, const Poco::Net::MailMessage& mail) {
    if (username_.empty()) {
      session.login();
    } else {
      session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, username_, password_);
    }
    session.sendMessage(mail);
    session.close();
  }

  duban::plugin::Host& host_;
  std::string host_name_, security_, username_, password_, from_, from_name_, domain_;
  int port_ = 25, timeout_ = 20;
  bool verify_ = true;
};

}  // namespace

DUBAN_PLUGIN(EmailChannel)
