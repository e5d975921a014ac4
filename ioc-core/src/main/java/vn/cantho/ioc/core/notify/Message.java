package vn.cantho.ioc.core.notify;

/** A composed message: the subject line (e-mail, Zalo title) and the text. */
public record Message(String title, String body) {}
