#pragma once
// Command line and environment: QCommandLineParser for syntax, its options taken from the key
// table (configkeys.h); then resolve() applies command line > environment > settings file >
// built-in default and checks every value it takes by the rules in configrules.h. Errors are
// messages for the user that name the source (--port, ZIGGIE_PORT); main() exits with code 2.

#include "config.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

#include <optional>

namespace ziggie {

class Options final
{
public:
    Options();

    // Syntax only (unknown option, missing value). False with a message.
    bool parse(const QStringList &arguments, QString *error);

    bool headless() const;
    bool showToken() const;
    bool showVersion() const;
    bool showHelp() const;
    QString settingsFile() const; // empty = the user's standard file
    QString helpText() const;

    // The effective configuration; nothing and a message on a bad value.
    std::optional<Config> resolve(const Config &stored, const QProcessEnvironment &env, QString *error) const;

private:
    QCommandLineParser m_parser;
};

} // namespace ziggie
