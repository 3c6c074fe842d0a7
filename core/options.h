#pragma once
// Command line and environment: QCommandLineParser for syntax, then resolve() applies
// command line > environment > settings file > built-in default and validates every value.
// Errors are messages for the user; main() exits with code 2 on them.

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
