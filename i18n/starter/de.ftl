# Die Starter-Website, die `kintsugi new DIR --language de` schreibt, auf Deutsch. Übersetzt
# aus en.ftl. Markdown-Links und Zitate bleiben, wie sie sind: Der Text in [eckigen Klammern]
# wird übersetzt, das Ziel in (runden Klammern) und `[@doe2020]` nicht.

site-title = Mein Leitfaden
site-description = Ein Leitfaden, Schritt für Schritt.
home-welcome = Willkommen! Beginne mit [dem ersten Schritt](steps/first-step.md).

steps-title = Schritte
steps-description = Die Schritte des Programms, der Reihe nach.
steps-body = Geh die Schritte der Reihe nach durch, in deinem eigenen Tempo.

step-title = Der erste Schritt
step-description = Hier beginnt das Programm.
step-heading = Worum es in diesem Schritt geht
step-body = Schreib hier deinen Leitfaden. Zitiere deine Quellen so [@doe2020].
step-next = Wenn du so weit bist, füll [das Arbeitsblatt](../worksheets/first-step.md) aus.

worksheets-title = Arbeitsblätter
worksheets-description = Arbeitsblätter zum Ausdrucken, eins pro Schritt.
worksheets-body = Füll sie am Bildschirm aus oder druck sie aus. Deine Antworten bleiben auf deinem Gerät.

sheet-title = Arbeitsblatt: Der erste Schritt
sheet-description = Fragen zum ersten Schritt.
sheet-name = Name
sheet-date = Datum
sheet-prompt = Was möchtest du gern verändern?
sheet-scale = Wie bereit fühlst du dich?
sheet-scale-low = Überhaupt nicht
sheet-scale-high = Voll und ganz
sheet-check = Ich habe den Leitfaden zu diesem Schritt gelesen

book-title = Ein zitierwürdiges Buch
