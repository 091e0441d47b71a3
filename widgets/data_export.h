// Small helpers the views share to write the data behind a figure: CSV quoting and atomic file writes.
#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

class QJsonObject;

namespace hint::widgets {

// A CSV field, quoted when it holds a comma or a quote.
QString csvField(const QString& text);
// Written to a temporary file and renamed: never half-written. Errors name the path.
Status writeFile(const QString& path, const QByteArray& bytes);
Status writeJson(const QString& path, const QJsonObject& root);

}  // namespace hint::widgets
