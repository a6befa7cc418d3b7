# Il sito iniziale che scrive `kintsugi new DIR --language it`, in italiano. Tradotto da
# en.ftl. Lascia i link Markdown e le citazioni come sono: il testo tra [parentesi quadre] si
# traduce; la destinazione tra (parentesi tonde) e `[@doe2020]` no.

site-title = La mia guida
site-description = Una guida passo dopo passo.
home-welcome = Ti diamo il benvenuto. Comincia dal [primo passo](steps/first-step.md).

steps-title = Passi
steps-description = I passi del programma, in ordine.
steps-body = Segui i passi in ordine, con i tuoi tempi.

step-title = Il primo passo
step-description = Dove comincia il programma.
step-heading = Di che cosa tratta questo passo
step-body = Scrivi qui la tua guida. Cita le tue fonti così [@doe2020].
step-next = Quando te la senti, compila [la scheda di lavoro](../worksheets/first-step.md).

worksheets-title = Schede di lavoro
worksheets-description = Schede di lavoro da stampare, una per ogni passo.
worksheets-body = Compilale sullo schermo o stampale. Le tue risposte restano sul tuo dispositivo.

sheet-title = Scheda di lavoro: Il primo passo
sheet-description = Domande per accompagnare il primo passo.
sheet-name = Nome
sheet-date = Data
sheet-prompt = Che cosa speri di cambiare?
sheet-scale = Quanto ti senti pronto o pronta?
sheet-scale-low = Per niente
sheet-scale-high = Del tutto
sheet-check = Ho letto la guida di questo passo

book-title = Un libro che vale la pena citare
