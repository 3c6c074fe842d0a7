#pragma once
// English for the desktop's counted messages. Their source texts are plural and carry %n
// ("%n dashboards connected"), as tr() asks, so a translation can say each count its own
// way; with no translation files, this translator gives English its singular for a count
// of one. main() installs it for the desktop, as a translation would be; so do the tests
// that read those texts.

#include <QTranslator>

namespace ziggie::ui {

class EnglishPlurals final : public QTranslator
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnglishPlurals)

public:
    explicit EnglishPlurals(QObject *parent = nullptr);

    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
};

} // namespace ziggie::ui
