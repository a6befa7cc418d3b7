# El sitio inicial que escribe `kintsugi new DIR --language es`, en español. Traducido de
# en.ftl. Deja los enlaces de Markdown y las citas como están: el texto entre [corchetes] se
# traduce; el destino entre (paréntesis) y `[@doe2020]`, no.

site-title = Mi guía
site-description = Una guía paso a paso.
home-welcome = Te damos la bienvenida. Empieza por [el primer paso](steps/first-step.md).

steps-title = Pasos
steps-description = Los pasos del programa, en orden.
steps-body = Sigue los pasos en orden, a tu propio ritmo.

step-title = El primer paso
step-description = Donde empieza el programa.
step-heading = De qué trata este paso
step-body = Escribe aquí tu guía. Cita tus fuentes así [@doe2020].
step-next = Cuando llegue el momento, completa [la hoja de trabajo](../worksheets/first-step.md).

worksheets-title = Hojas de trabajo
worksheets-description = Hojas de trabajo para imprimir, una por paso.
worksheets-body = Complétalas en pantalla o imprímelas. Tus respuestas se quedan en tu dispositivo.

sheet-title = Hoja de trabajo: El primer paso
sheet-description = Preguntas para acompañar el primer paso.
sheet-name = Nombre
sheet-date = Fecha
sheet-prompt = ¿Qué esperas cambiar?
sheet-scale = ¿Hasta qué punto te sientes preparado o preparada?
sheet-scale-low = Nada en absoluto
sheet-scale-high = Totalmente
sheet-check = He leído la guía de este paso

book-title = Un libro que merece ser citado
